package dev.qctl.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The request a named {@code http:} handler sends. {@code url}, header values and string
 * parts of {@code body} are templates with {@code {placeholder}}s filled from the job's data.
 *
 * @param body null = send the job's data as JSON (for methods that carry a body)
 */
public record HttpSpec(String method, String url, Map<String, String> headers, JsonNode body) {}
