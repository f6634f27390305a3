// Pages for visitors who are not signed in (issue 15): registering an organisation, accepting an
// invitation, and resetting a forgotten password. They sit beside /login, outside the menu.
import { lazy } from 'react';

export const publicRoutes = [
  { path: '/register', component: lazy(() => import('../pages/accounts/RegisterPage')) },
  { path: '/invite/:token', component: lazy(() => import('../pages/accounts/InvitePage')) },
  { path: '/forgot-password', component: lazy(() => import('../pages/accounts/ForgotPasswordPage')) },
  { path: '/reset-password/:token', component: lazy(() => import('../pages/accounts/ResetPasswordPage')) },
];
