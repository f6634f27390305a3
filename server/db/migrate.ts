// One timestamped migration set for both engines; a migration that needs engine-specific DDL
// asks the dialect helpers it is given.
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index';
import * as foundation from './migrations/20261127T0200_foundation';
import * as resources from './migrations/20261127T0300_resources';
import * as searchIndex from './migrations/20261127T0400_search_index';
import * as vouchers from './migrations/20261127T0500_vouchers';
import * as integrity from './migrations/20261127T0600_integrity';
import * as calls from './migrations/20261127T0700_calls';
import * as transfer from './migrations/20261127T0800_transfer';
import * as transferPerf from './migrations/20261127T0810_transfer_perf';
import * as listingImpacts from './migrations/20261127T0820_listing_impacts';
import * as listingSearchStats from './migrations/20261127T0830_listing_search_stats';
import * as listingsNewest from './migrations/20261127T0840_listings_newest';
import * as accessHardening from './migrations/20261207T0900_access_hardening';
import * as notifications from './migrations/20261208T0100_notifications';
import * as accounts from './migrations/20261208T0200_accounts';
import * as workbench from './migrations/20261208T0300_workbench';
import * as auditBatches from './migrations/20261208T0400_audit_batches';
import * as portal from './migrations/20261208T0600_portal';
import * as photosCalendar from './migrations/20261208T0500_photos_calendar';

type DialectMigration = {
  up(db: any, h: Db['helpers']): Promise<void>;
  down?(db: any, h: Db['helpers']): Promise<void>;
};

const ALL: Record<string, DialectMigration> = {
  '20261127T0200_foundation': foundation,
  '20261127T0300_resources': resources,
  '20261127T0400_search_index': searchIndex,
  '20261127T0500_vouchers': vouchers,
  '20261127T0600_integrity': integrity,
  '20261127T0700_calls': calls,
  '20261127T0800_transfer': transfer,
  '20261127T0810_transfer_perf': transferPerf,
  '20261127T0820_listing_impacts': listingImpacts,
  '20261127T0830_listing_search_stats': listingSearchStats,
  '20261127T0840_listings_newest': listingsNewest,
  '20261207T0900_access_hardening': accessHardening,
  '20261208T0100_notifications': notifications,
  '20261208T0200_accounts': accounts,
  '20261208T0300_workbench': workbench,
  '20261208T0400_audit_batches': auditBatches,
  '20261208T0600_portal': portal,
  '20261208T0500_photos_calendar': photosCalendar,
};

export async function migrateToLatest(d: Db): Promise<string[]> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(ALL)) {
        out[name] = {
          up: (db) => m.up(db, d.helpers),
          down: m.down ? (db) => m.down!(db, d.helpers) : undefined,
        };
      }
      return out;
    },
  };
  const migrator = new Migrator({ db: d.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
