// The public portal's own answers: the regional overview, and the allow-listed views of calls and
// listed providers (what the other modules' services return, property by property).
import type { Deps } from '../../platform/deps';
import { JURISDICTION_CODES } from '../../platform/access';
import * as resources from '../resources/resources.service';
import * as listings from '../transfer/listings.service';
import * as calls from '../calls/calls.service';
import * as providers from '../vouchers/providers.service';

/** How long the overview is kept (and may be cached by browsers and proxies). */
export const OVERVIEW_TTL_SECONDS = 60;

type Overview = Awaited<ReturnType<typeof computeOverview>>;
const cache = new WeakMap<Deps, { at: number; value: Overview }>();

async function computeOverview(deps: Deps) {
  // One grouped count per table (each read from its status+jurisdiction index), never a query per row.
  const [res, lst, prov, cal] = await Promise.all([
    resources.publishedCountsByJurisdiction(deps),
    listings.publishedCountsByJurisdiction(deps),
    providers.listedCountsByJurisdiction(deps),
    calls.publicCountsByJurisdiction(deps),
  ]);
  const jurisdictions = JURISDICTION_CODES.map((code) => ({
    code,
    resources: res[code] ?? 0,
    providers: prov[code] ?? 0,
    results: lst.result[code] ?? 0,
    demands: lst.demand[code] ?? 0,
    calls: cal[code] ?? 0,
  }));
  const sum = (k: 'resources' | 'providers' | 'results' | 'demands' | 'calls') => jurisdictions.reduce((a, j) => a + j[k], 0);
  return {
    jurisdictions,
    totals: { resources: sum('resources'), providers: sum('providers'), results: sum('results'), demands: sum('demands'), calls: sum('calls') },
    generatedAt: deps.clock.now().toISOString(),
  };
}

/** Counts per jurisdiction of what the portal shows; kept for OVERVIEW_TTL_SECONDS per app. */
export async function overview(deps: Deps): Promise<Overview> {
  const now = Date.now();
  const hit = cache.get(deps);
  if (hit && now - hit.at < OVERVIEW_TTL_SECONDS * 1000) return hit.value;
  const value = await computeOverview(deps);
  cache.set(deps, { at: now, value });
  return value;
}

type CallView = Awaited<ReturnType<typeof calls.getPublicCall>>;
/** Allow-list: what a call says publicly (not the poser's opinion, the decision note or application counts). */
export function publicCall(c: CallView) {
  return {
    id: c.id,
    kind: c.kind,
    jurisdictionCode: c.jurisdictionCode,
    title: c.title,
    description: c.description,
    goals: c.goals,
    indicators: c.indicators,
    milestones: c.milestones,
    disciplines: c.disciplines,
    keywords: c.keywords,
    budgetFen: c.budgetFen,
    opensAt: c.opensAt,
    deadline: c.deadline,
    status: c.status,
    raceTeams: c.raceTeams,
    poserName: c.poserName,
    noticeEndsAt: c.noticeEndsAt,
    updatedAt: c.updatedAt,
  };
}

export async function listCalls(deps: Deps, q: Parameters<typeof calls.listPublicCalls>[1]) {
  const r = await calls.listPublicCalls(deps, q);
  return { ...r, items: r.items.map(publicCall) };
}

export async function getCall(deps: Deps, id: number) {
  return publicCall(await calls.getPublicCall(deps, id));
}

type ProviderView = Awaited<ReturnType<typeof providers.listListedProviders>>['items'][number];
/** Allow-list: a listed provider's public face (not its evidence, self-assessment, checks or objections). */
export function publicProvider(p: ProviderView) {
  return {
    id: p.id,
    organizationName: p.organizationName,
    jurisdictionCode: p.jurisdictionCode,
    categories: p.categories,
    description: p.description,
    listedAt: p.listedAt,
    recognisedIn: p.recognisedIn,
    products: p.products,
  };
}

export async function listProviders(deps: Deps, q: Parameters<typeof providers.listListedProviders>[1]) {
  const r = await providers.listListedProviders(deps, q);
  return { ...r, items: r.items.map(publicProvider) };
}
