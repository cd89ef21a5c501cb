/**
 * What a job runs, and the rules that decide whether a worker may run it.
 *
 * <p>Built-in: {@code exec} ({@code data: {argv, input}}), {@code http}
 * ({@code data: {method, url, headers, body}}) and {@code noop}. qctl.yml adds named handlers
 * ({@code exec:} argv templates, {@code http:} request templates, {@code java:} classes), and
 * {@code java:<class>} jobs need no config.
 *
 * <p>Safety: raw {@code exec}/{@code http} jobs run whatever their payload says, so a CLI worker
 * runs them only when they carry a valid signature ({@link dev.qctl.handler.PayloadSignature})
 * made with its key, or when {@code allow_raw: true} / {@code --allow-raw}. Named handlers and
 * Java classes are fixed by the worker's own config and classpath and always run. Data
 * dispatched with {@code --encrypt} is AES-GCM encrypted ({@link dev.qctl.handler.DataEncryption})
 * and opened by the worker just before the handler runs.
 */
package dev.qctl.handler;
