package io.gridwatch.contracts.incident;

/**
 * Who an escalated incident has gone up to, in the order "grid whistles, street reports,
 * departments act": the community (社区) first, then the street office (街道), then the district
 * department (区级部门). There is nothing above the district.
 */
public enum EscalationLevel {
  COMMUNITY,
  STREET,
  DISTRICT;

  /** The level an escalation from here goes to, or null at the top. */
  public EscalationLevel next() {
    return this == DISTRICT ? null : values()[ordinal() + 1];
  }

  /** The first level, for an incident not escalated yet. */
  public static EscalationLevel first() {
    return COMMUNITY;
  }
}
