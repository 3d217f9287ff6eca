/** What an installation may set for e-Procurement (createProcurementManifest). */
export interface ProcurementSettings {
  /**
   * An amendment that changes requirements moves the bid deadline to at least this long after the
   * amendment, so every vendor has time to rework its bid.
   */
  requirementChangeMinimumMs: number;
  /**
   * The OCDS ocid prefix the Open Contracting Partnership registered for this publisher
   * (`ocds-` and 6 characters); every contracting process is `<prefix>-<tender id>`.
   */
  ocidPrefix: string;
  /** Days between the award decision and the contract during which bidders may complain. */
  standstillDays: number;
  /** How often a live-result stream checks whether its tender was opened. */
  liveResultPollMs: number;
}

const DAY = 86_400_000;

export const DEFAULT_PROCUREMENT_SETTINGS: ProcurementSettings = {
  requirementChangeMinimumMs: 5 * DAY,
  // Not a registered prefix: an installation that publishes to the OCDS registry sets its own.
  ocidPrefix: 'ocds-nara00',
  standstillDays: 7,
  liveResultPollMs: 2_000,
};
