package io.cloacina.bench.report;

import java.util.Optional;

/** A comparison with whatever the run measured for it. */
public record Row(Comparison comparison, Optional<Measurement> subject, Optional<Measurement> baseline) {

    public boolean measured() {
        return subject.isPresent() && baseline.isPresent();
    }

    /** True, false, or null when there is no target or nothing was measured. */
    public Boolean met() {
        return measured() ? comparison.check().met(subject.get().nanos(), baseline.get().nanos()) : null;
    }

    public String figure() {
        return measured() ? comparison.check().measured(subject.get().nanos(), baseline.get().nanos()) : "not measured";
    }

    public double ratio() {
        return measured() ? subject.get().nanos() / baseline.get().nanos() : Double.NaN;
    }
}
