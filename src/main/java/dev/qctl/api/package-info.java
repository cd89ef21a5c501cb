/**
 * qctl's public Java API: write jobs as classes, dispatch them from an application, run them
 * with `qctl work --classpath app.jar`.
 *
 * <p>A Java job implements {@link dev.qctl.api.Job}. On the queue it is an ordinary Laravel-style
 * envelope whose {@code job} is {@code "java:" + the class's binary name} (for example
 * {@code "java:com.acme.SendInvoice"}) and whose {@code data} is the job's fields as JSON
 * ({@link dev.qctl.api.JobData}). Any producer may write that payload; a qctl.yml handler
 * ({@code handlers: {invoice: {java: com.acme.SendInvoice}}}) names the class for jobs
 * dispatched under the handler's name instead.
 *
 * <p>Producing: {@code Qctl.connect(urlOrName).onQueue("invoices").delay(d).dispatch(job)}
 * returns the job id; the options come before {@code dispatch} so a forgotten terminal call
 * can never silently drop a job.
 *
 * <p>Workers load job classes from {@code --classpath} and the config's {@code classpath:}
 * in a class loader of their own; a class that is missing, is not a {@code Job}, or whose data
 * does not bind fails that job at once with the reason, and the worker goes on.
 */
package dev.qctl.api;
