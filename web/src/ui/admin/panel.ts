// The staff pages ("管理 / Admin"): one large dialog with tabs. Moderators see Reports and
// Users; admins also Clinicians, Roster, Roles, Audit and Consultations (statistics). The client only hides what a role may
// not use — the server checks every request (docs/security.md). At 360 px the dialog fills the
// screen and every list becomes a column of cards.

import { isStaff } from '../../net/messages';
import { modal, type Modal, tabs, type Tabs } from '../dialog';
import { h } from '../dom';
import { AuditTab, CliniciansTab, RosterTab } from './clinicians';
import type { AdminDeps, UserRef } from './common';
import { ConsultationsTab } from './consultations';
import { ReportsTab } from './reports';
import { RolesTab, UsersTab } from './users';

export type AdminTab = 'reports' | 'users' | 'clinicians' | 'roster' | 'roles' | 'audit' | 'consultations';

const ADMIN_ONLY: ReadonlySet<AdminTab> = new Set(['clinicians', 'roster', 'roles', 'audit', 'consultations']);

export class AdminPanel {
  private readonly m: Modal;
  private readonly tabs: Tabs;
  private readonly reports: ReportsTab;
  private readonly users: UsersTab;
  private readonly clinicians: CliniciansTab;
  private readonly roster: RosterTab;
  private readonly roles: RolesTab;
  private readonly audit: AuditTab;
  private readonly consultations: ConsultationsTab;

  constructor(private readonly deps: AdminDeps) {
    this.m = modal({ title: 'admin.title', testid: 'admin-panel', class: 'admin-dialog' });
    this.reports = new ReportsTab(deps, (u) => this.openUser(u));
    this.users = new UsersTab(deps);
    this.clinicians = new CliniciansTab(deps);
    this.roster = new RosterTab(deps);
    this.roles = new RolesTab(deps);
    this.audit = new AuditTab(deps);
    this.consultations = new ConsultationsTab(deps);
    this.tabs = tabs(
      [
        { id: 'reports', label: 'admin.tabs.reports', panel: this.reports.el, onShow: () => void this.reports.load() },
        { id: 'users', label: 'admin.tabs.users', panel: this.users.el },
        { id: 'clinicians', label: 'admin.tabs.clinicians', panel: this.clinicians.el, onShow: () => void this.clinicians.load() },
        { id: 'roster', label: 'admin.tabs.roster', panel: this.roster.el },
        { id: 'roles', label: 'admin.tabs.roles', panel: this.roles.el },
        { id: 'audit', label: 'admin.tabs.audit', panel: this.audit.el, onShow: () => void this.audit.load() },
        { id: 'consultations', label: 'admin.tabs.consultations', panel: this.consultations.el, onShow: () => void this.consultations.load() },
      ],
      'admin-tabs',
    );
    this.m.body.append(
      h('p', { class: 'field-hint admin-intro', i18n: 'admin.intro' }),
      this.tabs.el,
      this.reports.el,
      this.users.el,
      this.clinicians.el,
      this.roster.el,
      this.roles.el,
      this.audit.el,
      this.consultations.el,
    );
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  /** Whether the person may see these pages at all (moderator or admin). */
  static visibleFor(role: string): boolean {
    return isStaff(role);
  }

  open(tab: AdminTab = 'reports'): void {
    const admin = this.deps.me().role === 'admin';
    for (const id of ADMIN_ONLY) this.tabs.setVisible(id, admin);
    this.m.open();
    this.tabs.select(!admin && ADMIN_ONLY.has(tab) ? 'reports' : tab);
  }

  /** Opens the Users tab on one person (from a report or the person card). */
  openUser(u: UserRef): void {
    if (!this.m.el.open) this.open('users');
    else this.tabs.select('users');
    void this.users.open(u);
  }

  close(): void {
    this.m.close();
  }
}
