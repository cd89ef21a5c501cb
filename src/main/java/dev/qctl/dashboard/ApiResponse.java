package dev.qctl.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qctl.queue.Json;

/** What an API call answers: an HTTP status and a JSON body. */
record ApiResponse(int status, JsonNode body) {
    static ApiResponse ok(JsonNode body) {
        return new ApiResponse(200, body);
    }

    static ApiResponse error(int status, String message) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("error", message);
        return new ApiResponse(status, o);
    }
}
