// One colour per role, wherever a role is shown as a tag (the header, the users list, the home page).
const ROLE_COLORS: Record<string, string> = {
  platform_admin: 'magenta',
  jurisdiction_admin: 'geekblue',
  org_admin: 'cyan',
  member: 'green',
  expert: 'gold',
};

export const roleColor = (role: string) => ROLE_COLORS[role] ?? 'default';
