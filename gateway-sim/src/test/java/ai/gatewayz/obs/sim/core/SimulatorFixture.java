package ai.gatewayz.obs.sim.core;

import ai.gatewayz.obs.sim.catalog.Catalog;
import ai.gatewayz.obs.sim.routing.BreakerListener;
import ai.gatewayz.obs.sim.scenario.ScenarioEngine;
import ai.gatewayz.obs.sim.traffic.TrafficGenerator;
import ai.gatewayz.obs.sim.traffic.TrafficOptions;
import ai.gatewayz.obs.sim.traffic.VirtualRun;
import ai.gatewayz.obs.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A simulator, generator and virtual clock wired together for tests. */
public final class SimulatorFixture {
    public static final Instant T0 = Instant.parse("2026-03-20T10:00:00Z");
    public final TestClock clock = TestClock.at(T0);
    public final Catalog catalog = Catalog.standard();
    public final Users users = new Users(40);
    public final ScenarioEngine scenarios = new ScenarioEngine(catalog);
    public final GatewaySimulator sim;
    public final TrafficGenerator gen;
    private long seq;

    public SimulatorFixture(long seed, double rps) {
        this(seed, rps, BreakerListener.NONE);
    }

    public SimulatorFixture(long seed, double rps, BreakerListener listener) {
        sim = new GatewaySimulator(catalog, users, scenarios, seed, listener);
        gen = new TrafficGenerator(seed, new TrafficOptions(rps, 0.6, 40, 0.01, 0.3), users, catalog);
    }

    public List<Outcome> run(Duration d) {
        List<Outcome> out = new ArrayList<>();
        seq = VirtualRun.run(sim, gen, clock, ms -> clock.advance(Duration.ofMillis(ms)), d, seq, out::add);
        return out;
    }
}
