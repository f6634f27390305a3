// Stand-ins for the menu's icons that routes.tsx names: the icons themselves (menuIcons.impl.ts)
// load as one chunk when the menu first draws, so the entry — which needs routes.tsx for the
// route table — does not carry ~10 kB of SVG to the sign-in page (npm run bench -- web). A route
// may still import an icon from '@ant-design/icons' directly; it then loads with the entry.
import { Suspense, lazy, type CSSProperties, type ComponentType } from 'react';
import type * as Impl from './menuIcons.impl';

type IconName = keyof typeof Impl;
interface IconProps {
  className?: string;
  style?: CSSProperties;
}

let loading: Promise<typeof Impl> | null = null;
const load = () => (loading ??= import('./menuIcons.impl'));

function menuIcon(name: IconName): ComponentType<IconProps> {
  const Loaded = lazy(() => load().then((m) => ({ default: m[name] as ComponentType<IconProps> })));
  function MenuIcon(props: IconProps) {
    // While loading: an empty box of the icon's size, so the menu does not shift.
    const placeholder = (
      <span className={`anticon ${props.className ?? ''}`} style={{ width: '1em', height: '1em', display: 'inline-block', ...props.style }} aria-hidden />
    );
    return (
      <Suspense fallback={placeholder}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  MenuIcon.displayName = name;
  return MenuIcon;
}

export const AccountBookOutlined = menuIcon('AccountBookOutlined');
export const ApartmentOutlined = menuIcon('ApartmentOutlined');
export const ApiOutlined = menuIcon('ApiOutlined');
export const AuditOutlined = menuIcon('AuditOutlined');
export const BankOutlined = menuIcon('BankOutlined');
export const BulbOutlined = menuIcon('BulbOutlined');
export const CalendarOutlined = menuIcon('CalendarOutlined');
export const ControlOutlined = menuIcon('ControlOutlined');
export const CreditCardOutlined = menuIcon('CreditCardOutlined');
export const ExperimentOutlined = menuIcon('ExperimentOutlined');
export const FileDoneOutlined = menuIcon('FileDoneOutlined');
export const FileProtectOutlined = menuIcon('FileProtectOutlined');
export const FileSearchOutlined = menuIcon('FileSearchOutlined');
export const FlagOutlined = menuIcon('FlagOutlined');
export const FolderOpenOutlined = menuIcon('FolderOpenOutlined');
export const FundOutlined = menuIcon('FundOutlined');
export const HomeOutlined = menuIcon('HomeOutlined');
export const IdcardOutlined = menuIcon('IdcardOutlined');
export const InboxOutlined = menuIcon('InboxOutlined');
export const KeyOutlined = menuIcon('KeyOutlined');
export const RiseOutlined = menuIcon('RiseOutlined');
export const SafetyCertificateOutlined = menuIcon('SafetyCertificateOutlined');
export const SafetyOutlined = menuIcon('SafetyOutlined');
export const ShopOutlined = menuIcon('ShopOutlined');
export const SolutionOutlined = menuIcon('SolutionOutlined');
export const TagsOutlined = menuIcon('TagsOutlined');
export const TeamOutlined = menuIcon('TeamOutlined');
export const UnlockOutlined = menuIcon('UnlockOutlined');
export const WalletOutlined = menuIcon('WalletOutlined');
