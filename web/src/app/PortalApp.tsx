// The public portal: what a visitor who is not signed in sees (Root.tsx chooses it). Plain React
// and CSS — no Ant Design, and ECharts only with the map — so the first page stays light.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router-dom';
import { PortalLayout } from './layout/PortalLayout';
import { Loading } from '../pages/portal/ui';
import './portal.css';

const HomePage = lazy(() => import('../pages/portal/HomePage'));
const CataloguePage = lazy(() => import('../pages/portal/CataloguePage'));
const ResourcePage = lazy(() => import('../pages/portal/ResourcePage'));
const MarketPage = lazy(() => import('../pages/portal/MarketPage'));
const ListingPage = lazy(() => import('../pages/portal/ListingPage'));
const CallsPage = lazy(() => import('../pages/portal/CallsPage'));
const CallPage = lazy(() => import('../pages/portal/CallPage'));
const ProvidersPage = lazy(() => import('../pages/portal/ProvidersPage'));

export default function PortalApp() {
  return (
    <BrowserRouter>
      <PortalLayout>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<HomePage />} />
            <Route path="/resources" element={<CataloguePage />} />
            <Route path="/resources/:id" element={<ResourcePage />} />
            <Route path="/market" element={<MarketPage />} />
            <Route path="/market/open-licences" element={<MarketPage tab="licences" />} />
            <Route path="/market/results/:id" element={<ListingPage kind="result" />} />
            <Route path="/market/demands/:id" element={<ListingPage kind="demand" />} />
            <Route path="/research/calls" element={<CallsPage />} />
            <Route path="/research/calls/:id" element={<CallPage />} />
            <Route path="/providers" element={<ProvidersPage />} />
          </Routes>
        </Suspense>
      </PortalLayout>
    </BrowserRouter>
  );
}
