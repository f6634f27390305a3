// The pages behind the side menu. Each entry names the `access` key (see access.ts) that
// decides whether the signed-in user gets the menu entry and the route.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { ApartmentOutlined, AuditOutlined, HomeOutlined, KeyOutlined, TeamOutlined } from '@ant-design/icons';
import type { RouteAccessKey } from './access';

export interface AppRoute {
  path: string;
  /** Menu label key under `menu.` and the data-testid `menu-<key>`. */
  key: 'home' | 'organizations' | 'users' | 'audit' | 'tokens';
  access: RouteAccessKey;
  icon: ReactNode;
  component: LazyExoticComponent<ComponentType>;
}

export const appRoutes: AppRoute[] = [
  { path: '/', key: 'home', access: 'home', icon: <HomeOutlined />, component: lazy(() => import('../pages/home/HomePage')) },
  {
    path: '/organizations',
    key: 'organizations',
    access: 'organizations',
    icon: <ApartmentOutlined />,
    component: lazy(() => import('../pages/organizations/OrganizationsPage')),
  },
  { path: '/users', key: 'users', access: 'users', icon: <TeamOutlined />, component: lazy(() => import('../pages/users/UsersPage')) },
  { path: '/audit', key: 'audit', access: 'audit', icon: <AuditOutlined />, component: lazy(() => import('../pages/audit/AuditPage')) },
  { path: '/tokens', key: 'tokens', access: 'tokens', icon: <KeyOutlined />, component: lazy(() => import('../pages/tokens/TokensPage')) },
];

/** The route whose menu entry is selected for a location. */
export function routeForPath(pathname: string): AppRoute | undefined {
  if (pathname === '/' || pathname === '') return appRoutes[0];
  return appRoutes.find((r) => r.path !== '/' && (pathname === r.path || pathname.startsWith(r.path + '/')));
}
