import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Deps } from '../../platform/deps';
import * as svc from './reference.service';

export default async function referenceRoutes(app: FastifyInstance, { deps }: { deps: Deps }) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/api/jurisdictions',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'The four jurisdictions (GB/T 2260) and their departments',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                code: Type.String(),
                nameZh: Type.String(),
                nameEn: Type.String(),
                shortZh: Type.String(),
                departments: Type.Array(Type.Object({ id: Type.Integer(), kind: Type.String(), nameZh: Type.String(), nameEn: Type.String() })),
              }),
            ),
          }),
        },
      },
    },
    async () => ({ items: await svc.listJurisdictions(deps) }),
  );
  r.get(
    '/api/reference',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: 'Roles, organisation types and enterprise tiers',
        response: {
          200: Type.Object({ roles: Type.Array(Type.String()), organizationTypes: Type.Array(Type.String()), enterpriseTiers: Type.Array(Type.String()) }),
        },
      },
    },
    async () => svc.referenceLists(),
  );
}
