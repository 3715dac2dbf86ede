package ai.gatewayz.obs.profiles.server;

import ai.gatewayz.obs.http.AuthPaths;
import ai.gatewayz.obs.http.PendingPaths;
import ai.gatewayz.obs.http.ServiceIdentity;
import ai.gatewayz.obs.http.SuiteApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** profile-store: replaces Pyroscope. Default port 4040; {@code PORT} and {@code DATA_DIR} override. */
@SpringBootApplication
public class ProfileStoreApplication {
    public static final String NAME = "profile-store";
    public static final int DEFAULT_PORT = 4040;

    public static void main(String[] args) {
        SuiteApplication.run(ProfileStoreApplication.class, NAME, DEFAULT_PORT, args);
    }

    @Bean
    ServiceIdentity serviceIdentity() {
        return new ServiceIdentity(NAME, "Pyroscope", "Pyroscope");
    }

    @Bean
    AuthPaths authPaths() {
        return AuthPaths.withIngest("/ingest", "/push.v1.PusherService/**");
    }

    /** Pyroscope API paths not served (ad-hoc profiles, VCS, recording rules): 501 instead of 404. */
    @Bean
    PendingPaths pendingPaths() {
        return new PendingPaths("/adhocprofiles.v1.AdHocProfileService/**", "/vcs.v1.VCSService/**",
                "/settings.v1.RecordingRulesService/**", "/v1development/profiles");
    }
}
