package ai.gatewayz.obs.profiles.settings;

import ai.gatewayz.obs.proto.pyroscope.SettingsV1;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings on disk: one file per tenant, {@code <dir>/<hex of tenant>.json}, holding the proto3 JSON
 * of a {@code GetSettingsResponse} (docs/formats/profile-settings.md). A write goes to a temporary
 * file that is forced to the device and renamed over the old one, so a kill leaves either the old
 * or the new file, never a torn one. Files are read lazily, once per tenant. Thread-safe (one
 * monitor per tenant).
 */
public final class FileTenantSettings implements TenantSettings {
    private static final JsonFormat.Parser JSON_IN = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_OUT = JsonFormat.printer();
    private final Path dir;
    private final Map<String, TreeMap<String, SettingsV1.Setting>> cache = new ConcurrentHashMap<>();

    public FileTenantSettings(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw SettingsErrors.cannotCreateDirectory(dir, e);
        }
    }

    /** The file of a tenant: hex of its UTF-8 bytes, so any tenant id is a safe file name. */
    static String fileName(String tenant) {
        StringBuilder sb = new StringBuilder();
        for (byte b : tenant.getBytes(StandardCharsets.UTF_8)) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.append(".json").toString();
    }

    private TreeMap<String, SettingsV1.Setting> load(String tenant) {
        return cache.computeIfAbsent(tenant, t -> {
            TreeMap<String, SettingsV1.Setting> m = new TreeMap<>();
            Path p = dir.resolve(fileName(t));
            if (Files.exists(p)) {
                try {
                    SettingsV1.GetSettingsResponse.Builder b = SettingsV1.GetSettingsResponse.newBuilder();
                    JSON_IN.merge(Files.readString(p), b);
                    b.getSettingsList().forEach(s -> m.put(s.getName(), s));
                } catch (IOException e) {
                    throw SettingsErrors.cannotRead(p, e);
                }
            }
            return m;
        });
    }

    @Override
    public List<SettingsV1.Setting> get(String tenant) {
        TreeMap<String, SettingsV1.Setting> m = load(tenant);
        synchronized (m) {
            return new ArrayList<>(m.values());
        }
    }

    @Override
    public SettingsV1.Setting set(String tenant, SettingsV1.Setting setting) {
        TreeMap<String, SettingsV1.Setting> m = load(tenant);
        synchronized (m) {
            TreeMap<String, SettingsV1.Setting> next = new TreeMap<>(m);
            next.put(setting.getName(), setting);
            write(tenant, next);
            m.put(setting.getName(), setting);
        }
        return setting;
    }

    private void write(String tenant, TreeMap<String, SettingsV1.Setting> settings) {
        Path target = dir.resolve(fileName(tenant));
        Path tmp = dir.resolve(fileName(tenant) + ".tmp");
        try {
            String json = JSON_OUT.print(SettingsV1.GetSettingsResponse.newBuilder().addAllSettings(settings.values()).build());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap((json + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw SettingsErrors.cannotWrite(tenant, e);
        }
    }
}
