// The pages behind the side menu. Each entry names the `access` key (see access.ts) that
// decides whether the signed-in user gets the route, and (`menuAccess`, defaulting to `access`)
// the menu entry. Entries with a `group` sit under that group's heading in the menu.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  ApartmentOutlined,
  AuditOutlined,
  CalendarOutlined,
  ControlOutlined,
  ExperimentOutlined,
  HomeOutlined,
  KeyOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { RouteAccessKey } from './access';

export type MenuKey = 'home' | 'organizations' | 'users' | 'audit' | 'tokens' | 'resources' | 'bookings' | 'resourcesManage';
export type MenuGroup = 'sharing' | 'platform';

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
    path: '/resources/:id',
    key: 'resources',
    access: 'resources',
    hidden: true,
    icon: <ExperimentOutlined />,
    component: lazy(() => import('../pages/resources/ResourcePage')),
  },
  {
    path: '/organizations',
    key: 'organizations',
    access: 'organizations',
    group: 'platform',
    icon: <ApartmentOutlined />,
    component: lazy(() => import('../pages/organizations/OrganizationsPage')),
  },
  { path: '/users', key: 'users', access: 'users', group: 'platform', icon: <TeamOutlined />, component: lazy(() => import('../pages/users/UsersPage')) },
  { path: '/audit', key: 'audit', access: 'audit', group: 'platform', icon: <AuditOutlined />, component: lazy(() => import('../pages/audit/AuditPage')) },
  { path: '/tokens', key: 'tokens', access: 'tokens', group: 'platform', icon: <KeyOutlined />, component: lazy(() => import('../pages/tokens/TokensPage')) },
];

/** Menu order: home, the shared-resources group, then the platform and account pages. */
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
