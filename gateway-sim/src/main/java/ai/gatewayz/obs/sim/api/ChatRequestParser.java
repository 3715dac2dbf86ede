package ai.gatewayz.obs.sim.api;

import ai.gatewayz.obs.sim.core.ChatRequest;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates an OpenAI chat-completion body and turns it into a {@link ChatRequest}; every problem is
 * an {@link OpenAiError} 400 naming the parameter and the value. Thread-safe.
 */
public final class ChatRequestParser {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> ROLES = Set.of("system", "user", "assistant", "tool", "developer", "function");

    private ChatRequestParser() {
    }

    public static ChatRequest parse(String body, String apiKey) {
        if (body == null || body.isBlank()) {
            throw OpenAiError.invalid("The request body is empty; send a JSON object with 'model' and 'messages'.", null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw OpenAiError.invalid("We could not parse the JSON body of your request: " + e.getOriginalMessage(), null, null);
        }
        if (root == null || !root.isObject()) {
            throw OpenAiError.invalid("The request body must be a JSON object, got " + (root == null ? "nothing" : typeName(root)) + ".", null, null);
        }
        JsonNode model = root.get("model");
        if (model == null || model.isNull()) {
            throw OpenAiError.invalid("you must provide a model parameter", "model", "missing_required_parameter");
        }
        if (!model.isString()) {
            throw invalidType("model", "a string", model);
        }
        if (model.asString().isBlank()) {
            throw OpenAiError.invalid("Invalid 'model': empty string. Expected a model id such as 'gpt-4o-mini'.", "model", "empty_string");
        }
        JsonNode messages = root.get("messages");
        if (messages == null || messages.isNull()) {
            throw OpenAiError.invalid("Missing required parameter: 'messages'.", "messages", "missing_required_parameter");
        }
        if (!messages.isArray()) {
            throw invalidType("messages", "an array", messages);
        }
        if (messages.isEmpty()) {
            throw OpenAiError.invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                "messages", "empty_array");
        }
        int chars = 0;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String p = "messages[" + i + "]";
            if (!m.isObject()) {
                throw invalidType(p, "an object", m);
            }
            JsonNode role = m.get("role");
            if (role == null || role.isNull()) {
                throw OpenAiError.invalid("Missing required parameter: '" + p + ".role'.", p + ".role", "missing_required_parameter");
            }
            if (!role.isString() || !ROLES.contains(role.asString())) {
                throw OpenAiError.invalid("Invalid value: '" + (role.isString() ? role.asString() : role.toString()) + "'. Supported values are: "
                    + "'system', 'assistant', 'user', 'function', 'tool', and 'developer'.", p + ".role", "invalid_value");
            }
            JsonNode content = m.get("content");
            boolean assistant = role.asString().equals("assistant");
            if (content == null || content.isNull()) {
                if (!assistant) {
                    throw OpenAiError.invalid("Missing required parameter: '" + p + ".content'.", p + ".content", "missing_required_parameter");
                }
            } else if (content.isString()) {
                chars += content.asString().length();
                key.append(role.asString()).append(':').append(content.asString()).append('\n');
            } else if (content.isArray()) {
                for (JsonNode part : content) {
                    JsonNode text = part.get("text");
                    if (text != null && text.isString()) {
                        chars += text.asString().length();
                        key.append(text.asString());
                    } else {
                        chars += 256;
                    }
                }
            } else {
                throw invalidType(p + ".content", "a string or an array of content parts", content);
            }
        }
        boolean stream = false;
        JsonNode s = root.get("stream");
        if (s != null && !s.isNull()) {
            if (!s.isBoolean()) {
                throw invalidType("stream", "a boolean", s);
            }
            stream = s.asBoolean();
        }
        int maxTokens = 0;
        for (String name : new String[] {"max_tokens", "max_completion_tokens"}) {
            JsonNode mt = root.get(name);
            if (mt != null && !mt.isNull()) {
                if (!mt.isIntegralNumber()) {
                    throw invalidType(name, "an integer", mt);
                }
                if (mt.asLong() < 1) {
                    throw OpenAiError.invalid("Invalid '" + name + "': integer below minimum value. Expected a value >= 1, but got " + mt.asLong()
                        + " instead.", name, "integer_below_min_value");
                }
                maxTokens = (int) Math.min(Integer.MAX_VALUE, mt.asLong());
            }
        }
        double temperature = Double.NaN;
        JsonNode t = root.get("temperature");
        if (t != null && !t.isNull()) {
            if (!t.isNumber()) {
                throw invalidType("temperature", "a number", t);
            }
            temperature = t.asDouble();
            if (temperature < 0 || temperature > 2) {
                throw OpenAiError.invalid("Invalid 'temperature': decimal " + (temperature < 0 ? "below minimum" : "above maximum")
                    + " value. Expected a value " + (temperature < 0 ? ">= 0" : "<= 2") + ", but got " + t.asString() + " instead.",
                    "temperature", temperature < 0 ? "decimal_below_min_value" : "decimal_above_max_value");
            }
        }
        String promptKey = stream ? null : Integer.toHexString(key.toString().hashCode());
        return new ChatRequest(apiKey, model.asString(), stream, chars, promptKey, maxTokens, temperature);
    }

    private static OpenAiError invalidType(String param, String expected, JsonNode got) {
        return OpenAiError.invalid("Invalid type for '" + param + "': expected " + expected + ", but got " + typeName(got) + " instead.",
            param, "invalid_type");
    }

    private static String typeName(JsonNode n) {
        if (n.isString()) {
            return "a string";
        }
        if (n.isIntegralNumber()) {
            return "an integer";
        }
        if (n.isNumber()) {
            return "a decimal";
        }
        if (n.isBoolean()) {
            return "a boolean";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return "null";
    }
}
