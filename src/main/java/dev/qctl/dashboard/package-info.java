/**
 * {@code qctl dashboard}: the queue's web page and its JSON API, served by the JDK's own HTTP
 * server from assets inside the jar. It reads and changes the store only through the
 * {@code queue} interfaces, so every store looks the same in it.
 */
package dev.qctl.dashboard;
