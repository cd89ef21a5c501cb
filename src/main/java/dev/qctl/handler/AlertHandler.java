package dev.qctl.handler;

import dev.qctl.config.AlertSpec;
import java.net.URI;
import java.time.Duration;

/**
 * Runs an alert's notification job ({@code job: "alert:NAME"}): qctl.yml's request for that
 * alert, or the handler it names. The request's URL stays in qctl.yml, never in the store;
 * and since a webhook's secret is usually its path, a failure's text shows the host only.
 */
final class AlertHandler implements JobHandler {
    private final AlertSpec alert;
    private final HandlerRegistry registry;
    private final JobHandler http;

    AlertHandler(AlertSpec alert, HandlerRegistry registry, Duration defaultTimeout) {
        this.alert = alert;
        this.registry = registry;
        this.http = alert.http() == null ? null : new HttpHandler(alert.http(), defaultTimeout);
    }

    @Override
    public void handle(Attempt context) throws Exception {
        JobHandler target = http != null
                ? http
                : registry.find(alert.handler())
                        .orElseThrow(() -> new UnhandleableJobException(
                                "alert " + alert.name() + ": no handler named '" + alert.handler() + "'"));
        try {
            target.handle(context);
        } catch (ReleaseRequestedException e) {
            throw new ReleaseRequestedException(e.delay(), hidden(e.getMessage()));
        } catch (UnhandleableJobException e) {
            throw new UnhandleableJobException(hidden(e.getMessage()));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new AttemptFailedException("alert " + alert.name() + ": " + hidden(String.valueOf(e.getMessage())));
        }
    }

    /** The message with the request URL's path (a webhook's secret) left out. */
    private String hidden(String message) {
        if (alert.http() == null || message == null) return message;
        try {
            String path = URI.create(alert.http().url()).getRawPath();
            return path == null || path.length() <= 1 ? message : message.replace(path, "/…");
        } catch (IllegalArgumentException e) {
            return message;
        }
    }
}
