package ai.gatewayz.obs.gotemplate;

/** A template failed to parse or to execute; the message reads like Go's {@code template: name:line: ...}. */
public final class TemplateException extends RuntimeException {
    public TemplateException(String message) {
        super(message);
    }
}
