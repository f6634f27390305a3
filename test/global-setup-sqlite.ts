import { buildSqliteTemplate } from './db-template';

export default async function setup() {
  await buildSqliteTemplate();
}
