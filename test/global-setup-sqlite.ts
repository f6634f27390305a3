import fs from 'node:fs';
import { RUN_ID, SQLITE_DIR, buildSqliteTemplate } from './db-template';

export default async function setup() {
  await buildSqliteTemplate();
  // A named run removes its folder at the end.
  return () => {
    if (RUN_ID) fs.rmSync(SQLITE_DIR, { recursive: true, force: true });
  };
}
