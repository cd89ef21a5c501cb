package dev.qctl.api;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * How a Java job becomes a payload's {@code data} and back: its fields, read and written
 * directly (no getters or setters needed), with Jackson. Fields the class does not have are
 * ignored, so an older worker can run a newer producer's job.
 */
public final class JobData {
    /** The payload's {@code job} of a Java job: {@code "java:com.acme.SendInvoice"}. */
    public static final String PREFIX = "java:";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JobData() {}

    public static JsonNode of(Job job) {
        return MAPPER.valueToTree(job);
    }

    /**
     * Builds the job from {@code data}; throws {@link IllegalArgumentException} with a message
     * naming the class and field but not the data's values (they may be private).
     */
    public static <T extends Job> T bind(JsonNode data, Class<T> type) {
        try {
            return MAPPER.treeToValue(
                    data == null || data.isNull() || data.isMissingNode() ? MAPPER.createObjectNode() : data, type);
        } catch (JsonMappingException e) {
            String where =
                    e.getPath().isEmpty() ? "" : " at '" + e.getPathReference().replaceAll("^[^\\[]*\\[", "[") + "'";
            String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? ": expected " + m.getTargetType().getSimpleName()
                    : ": " + e.getClass().getSimpleName();
            throw new IllegalArgumentException("cannot bind data to " + type.getName() + where + expected);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot bind data to " + type.getName() + ": "
                    + e.getClass().getSimpleName());
        }
    }
}
