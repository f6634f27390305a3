// The pages behind the side menu. Each entry names the `access` key (see access.ts) that
// decides whether the signed-in user gets the route, and (`menuAccess`, defaulting to `access`)
// the menu entry. Entries with a `group` sit under that group's heading in the menu.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  AccountBookOutlined,
  ApartmentOutlined,
  FileDoneOutlined,
  BankOutlined,
  ShopOutlined,
  SafetyCertificateOutlined,
  TagsOutlined,
  WalletOutlined,
  CreditCardOutlined,
  AuditOutlined,
  CalendarOutlined,
  ControlOutlined,
  ExperimentOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
} from './menuIcons';
import { FileSearchOutlined, FlagOutlined, IdcardOutlined, SafetyOutlined, SolutionOutlined } from './menuIcons';
import { ApiOutlined, BulbOutlined, FileProtectOutlined, FolderOpenOutlined, FundOutlined, RiseOutlined, UnlockOutlined } from './menuIcons';
import { InboxOutlined } from './menuIcons';
import type { RouteAccessKey } from './access';

export type MenuKey =
  | 'home'
  | 'organizations'
  | 'users'
  | 'registrations'
  | 'audit'
  | 'tokens'
  | 'resources'
  | 'bookings'
  | 'resourcesManage'
  | 'queue'
  | 'voucherWallet'
  | 'providerDesk'
  | 'voucherPrograms'
  | 'voucherApplications'
  | 'vouchersIssued'
  | 'voucherProviders'
  | 'voucherSettlements'
  | 'calls'
  | 'reviews'
  | 'expertProfile'
  | 'expertPool'
  | 'integrity'
  | 'market'
  | 'openLicences'
  | 'portfolio'
  | 'contracts'
  | 'auctions'
  | 'riskPools'
  | 'interconnect';
export type MenuGroup = 'sharing' | 'vouchers' | 'market' | 'research' | 'platform';

export interface AppRoute {
  path: string;
  /** Menu label key under `menu.` and the data-testid `menu-<key>`. */
  key: MenuKey;
  access: RouteAccessKey;
  /** Who gets the menu entry (defaults to `access`). */
  menuAccess?: RouteAccessKey;
  /** Not in the menu: a page reached by links (its `key` names the entry it selects). */
  hidden?: boolean;
  group?: MenuGroup;
  icon: ReactNode;
  component: LazyExoticComponent<ComponentType>;
}

export const appRoutes: AppRoute[] = [
  { path: '/', key: 'home', access: 'home', icon: <HomeOutlined />, component: lazy(() => import('../pages/home/HomePage')) },
  {
    path: '/resources',
    key: 'resources',
    access: 'resources',
    group: 'sharing',
    icon: <ExperimentOutlined />,
    component: lazy(() => import('../pages/resources/CataloguePage')),
  },
  {
    path: '/bookings',
    key: 'bookings',
    access: 'bookings',
    group: 'sharing',
    icon: <CalendarOutlined />,
    component: lazy(() => import('../pages/bookings/MyBookingsPage')),
  },
  {
    path: '/resources/manage',
    key: 'resourcesManage',
    access: 'resourcesConsole',
    menuAccess: 'resourcesManage',
    group: 'sharing',
    icon: <ControlOutlined />,
    component: lazy(() => import('../pages/resources-manage/ManageResourcesPage')),
  },
  {
    path: '/queue',
    key: 'queue',
    access: 'queue',
    menuAccess: 'queueMenu',
    group: 'sharing',
    icon: <InboxOutlined />,
    component: lazy(() => import('../pages/queue/QueuePage')),
  },
  {
    path: '/resources/:id',
    key: 'resources',
    access: 'resources',
    hidden: true,
    icon: <ExperimentOutlined />,
    component: lazy(() => import('../pages/resources/ResourcePage')),
  },
  {
    path: '/vouchers/wallet',
    key: 'voucherWallet',
    access: 'voucherWallet',
    group: 'vouchers',
    icon: <WalletOutlined />,
    component: lazy(() => import('../pages/wallet/WalletPage')),
  },
  {
    path: '/vouchers/provider-desk',
    key: 'providerDesk',
    access: 'providerDesk',
    group: 'vouchers',
    icon: <ShopOutlined />,
    component: lazy(() => import('../pages/provider-desk/ProviderDeskPage')),
  },
  {
    path: '/vouchers/programs',
    key: 'voucherPrograms',
    access: 'voucherPrograms',
    group: 'vouchers',
    icon: <TagsOutlined />,
    component: lazy(() => import('../pages/voucher-admin/ProgramsPage')),
  },
  {
    path: '/vouchers/programs/:id',
    key: 'voucherPrograms',
    access: 'voucherPrograms',
    hidden: true,
    icon: <TagsOutlined />,
    component: lazy(() => import('../pages/voucher-admin/ProgramDetailPage')),
  },
  {
    path: '/vouchers/applications',
    key: 'voucherApplications',
    access: 'voucherApplications',
    group: 'vouchers',
    icon: <FileDoneOutlined />,
    component: lazy(() => import('../pages/voucher-admin/ApplicationsPage')),
  },
  {
    path: '/vouchers/issued',
    key: 'vouchersIssued',
    access: 'vouchersIssued',
    group: 'vouchers',
    icon: <CreditCardOutlined />,
    component: lazy(() => import('../pages/voucher-admin/IssuedVouchersPage')),
  },
  {
    path: '/vouchers/providers',
    key: 'voucherProviders',
    access: 'voucherProviders',
    group: 'vouchers',
    icon: <SafetyCertificateOutlined />,
    component: lazy(() => import('../pages/providers/ProvidersPage')),
  },
  {
    path: '/vouchers/providers/:id',
    key: 'voucherProviders',
    access: 'voucherProviders',
    hidden: true,
    icon: <SafetyCertificateOutlined />,
    component: lazy(() => import('../pages/providers/ProviderPage')),
  },
  {
    path: '/vouchers/settlements',
    key: 'voucherSettlements',
    access: 'voucherSettlements',
    group: 'vouchers',
    icon: <AccountBookOutlined />,
    component: lazy(() => import('../pages/settlements/SettlementsPage')),
  },
  {
    path: '/vouchers/settlements/:id',
    key: 'voucherSettlements',
    access: 'voucherSettlements',
    hidden: true,
    icon: <BankOutlined />,
    component: lazy(() => import('../pages/settlements/SettlementPage')),
  },
  // Joint research (联合攻关): calls, reviews, the expert pool, integrity records.
  // Technology market (技术市场, Decision art. 8)
  { path: '/market', key: 'market', access: 'market', group: 'market', icon: <BulbOutlined />, component: lazy(() => import('../pages/market/MarketPage')) },
  {
    path: '/market/results/:id',
    key: 'market',
    access: 'market',
    hidden: true,
    icon: <BulbOutlined />,
    component: lazy(() => import('../pages/market/ResultPage')),
  },
  {
    path: '/market/demands/:id',
    key: 'market',
    access: 'market',
    hidden: true,
    icon: <BulbOutlined />,
    component: lazy(() => import('../pages/market/DemandPage')),
  },
  {
    path: '/market/open-licences',
    key: 'openLicences',
    access: 'market',
    group: 'market',
    icon: <UnlockOutlined />,
    component: lazy(() => import('../pages/market/OpenLicencesPage')),
  },
  {
    path: '/market/portfolio',
    key: 'portfolio',
    access: 'portfolio',
    group: 'market',
    icon: <FolderOpenOutlined />,
    component: lazy(() => import('../pages/market/PortfolioPage')),
  },
  {
    path: '/market/contracts',
    key: 'contracts',
    access: 'contracts',
    group: 'market',
    icon: <FileProtectOutlined />,
    component: lazy(() => import('../pages/contracts/ContractsPage')),
  },
  {
    path: '/market/contracts/:id',
    key: 'contracts',
    access: 'contracts',
    hidden: true,
    icon: <FileProtectOutlined />,
    component: lazy(() => import('../pages/contracts/ContractPage')),
  },
  {
    path: '/market/auctions',
    key: 'auctions',
    access: 'auctions',
    group: 'market',
    icon: <RiseOutlined />,
    component: lazy(() => import('../pages/auctions/AuctionsPage')),
  },
  {
    path: '/market/auctions/:id',
    key: 'auctions',
    access: 'auctions',
    hidden: true,
    icon: <RiseOutlined />,
    component: lazy(() => import('../pages/auctions/AuctionPage')),
  },
  {
    path: '/market/risk-pools',
    key: 'riskPools',
    access: 'riskPools',
    group: 'market',
    icon: <FundOutlined />,
    component: lazy(() => import('../pages/contracts/RiskPoolsPage')),
  },
  {
    path: '/market/interconnect',
    key: 'interconnect',
    access: 'interconnect',
    group: 'market',
    icon: <ApiOutlined />,
    component: lazy(() => import('../pages/contracts/InterconnectPage')),
  },
  {
    path: '/research/calls',
    key: 'calls',
    access: 'calls',
    group: 'research',
    icon: <FlagOutlined />,
    component: lazy(() => import('../pages/calls/CallsPage')),
  },
  {
    path: '/research/calls/:id',
    key: 'calls',
    access: 'calls',
    hidden: true,
    icon: <FlagOutlined />,
    component: lazy(() => import('../pages/calls/CallPage')),
  },
  {
    path: '/research/reviews',
    key: 'reviews',
    access: 'reviews',
    group: 'research',
    icon: <FileSearchOutlined />,
    component: lazy(() => import('../pages/reviews/ReviewsPage')),
  },
  {
    path: '/research/reviews/:id',
    key: 'reviews',
    access: 'reviews',
    hidden: true,
    icon: <FileSearchOutlined />,
    component: lazy(() => import('../pages/reviews/ReviewPage')),
  },
  {
    path: '/research/expert-profile',
    key: 'expertProfile',
    access: 'expertProfile',
    group: 'research',
    icon: <IdcardOutlined />,
    component: lazy(() => import('../pages/experts/ExpertProfilePage')),
  },
  {
    path: '/research/experts',
    key: 'expertPool',
    access: 'expertPool',
    group: 'research',
    icon: <SolutionOutlined />,
    component: lazy(() => import('../pages/experts/ExpertsPage')),
  },
  {
    path: '/research/integrity',
    key: 'integrity',
    access: 'integrity',
    group: 'research',
    icon: <SafetyOutlined />,
    component: lazy(() => import('../pages/integrity/IntegrityPage')),
  },
  {
    path: '/research/integrity/:id',
    key: 'integrity',
    access: 'integrity',
    hidden: true,
    icon: <SafetyOutlined />,
    component: lazy(() => import('../pages/integrity/IntegrityRecordPage')),
  },
  {
    path: '/organizations',
    key: 'organizations',
    access: 'organizations',
    group: 'platform',
    icon: <ApartmentOutlined />,
    component: lazy(() => import('../pages/organizations/OrganizationsPage')),
  },
  {
    path: '/organizations/registrations',
    key: 'registrations',
    access: 'registrations',
    group: 'platform',
    icon: <SolutionOutlined />,
    component: lazy(() => import('../pages/accounts/RegistrationsPage')),
  },
  { path: '/users', key: 'users', access: 'users', group: 'platform', icon: <TeamOutlined />, component: lazy(() => import('../pages/users/UsersPage')) },
  { path: '/audit', key: 'audit', access: 'audit', group: 'platform', icon: <AuditOutlined />, component: lazy(() => import('../pages/audit/AuditPage')) },
  { path: '/tokens', key: 'tokens', access: 'tokens', group: 'platform', icon: <KeyOutlined />, component: lazy(() => import('../pages/tokens/TokensPage')) },
  // The inbox: everyone signed in, reached by the header's bell (not in the menu).
  { path: '/inbox', key: 'home', access: 'home', hidden: true, icon: <HomeOutlined />, component: lazy(() => import('../pages/inbox/InboxPage')) },
];

/** Menu order: home, the shared-resources group, the vouchers group, joint research, then the platform and account pages. */
export const menuRoutes = appRoutes.filter((r) => !r.hidden);

/** The route whose menu entry is selected for a location: the longest matching path. */
export function routeForPath(pathname: string): AppRoute | undefined {
  if (pathname === '/' || pathname === '') return appRoutes[0];
  let best: AppRoute | undefined;
  for (const r of menuRoutes) {
    if (r.path === '/') continue;
    if (pathname === r.path || pathname.startsWith(r.path + '/')) {
      if (!best || r.path.length > best.path.length) best = r;
    }
  }
  return best;
}
