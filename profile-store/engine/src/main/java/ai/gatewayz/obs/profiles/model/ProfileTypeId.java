package ai.gatewayz.obs.profiles.model;

import ai.gatewayz.obs.common.ErrorKind;
import ai.gatewayz.obs.common.SuiteException;

/**
 * A profile type {@code <name>:<sample_type>:<sample_unit>:<period_type>:<period_unit>}, e.g.
 * {@code process_cpu:cpu:nanoseconds:cpu:nanoseconds}. Grafana needs all five parts. Immutable.
 */
public record ProfileTypeId(String name, String sampleType, String sampleUnit, String periodType, String periodUnit) {
    /** The series label holding the full id (the pseudo-label Profiles Drilldown lists and matches). */
    public static final String LABEL = "__profile_type__";
    public static final ProfileTypeId CPU = new ProfileTypeId("process_cpu", "cpu", "nanoseconds", "cpu", "nanoseconds");

    public static ProfileTypeId parse(String id) {
        String[] p = id.split(":", -1);
        if (p.length != 5 || p[0].isEmpty() || p[1].isEmpty()) {
            throw new SuiteException(ErrorKind.BAD_DATA,
                    "profile type must have 5 colon-separated parts [profile_typeID=" + id + "]");
        }
        return new ProfileTypeId(p[0], p[1], p[2], p[3], p[4]);
    }

    public String id() {
        return name + ":" + sampleType + ":" + sampleUnit + ":" + periodType + ":" + periodUnit;
    }

    @Override
    public String toString() {
        return id();
    }
}
