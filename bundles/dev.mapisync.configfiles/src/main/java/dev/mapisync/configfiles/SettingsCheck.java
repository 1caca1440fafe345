package dev.mapisync.configfiles;

import dev.mapisync.configfiles.ConfigFile.Setting;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Turns an account file's settings into configuration properties, checked against the
 * provider's Metatype when one describes the PID: every key must be one of its attributes, and
 * every value must be what the attribute takes (type, options, bounds, as Metatype's own
 * {@link AttributeDefinition#validate} says). Values become the attribute's type, lists are
 * comma-separated. A value holding a ConfigAdmin interpolation ({@code $[env:..]},
 * {@code $[secret:..]}) is only known later and passes as text.
 */
final class SettingsCheck {

    /** Properties a file may carry besides the provider's own attributes. */
    private static final String[] FRAMEWORK_PREFIXES = {"service.", "component.", "felix.", "osgi."};

    private SettingsCheck() {
    }

    static Hashtable<String, Object> properties(ConfigFile file, ObjectClassDefinition definition)
            throws ConfigFileException {
        Map<String, AttributeDefinition> attributes = new TreeMap<>();
        if (definition != null) {
            for (AttributeDefinition attribute : definition.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
                attributes.put(attribute.getID(), attribute);
            }
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        for (Setting setting : file.settings()) {
            AttributeDefinition attribute = attributes.get(setting.key());
            if (definition == null || setting.value().contains("$[") || isFrameworkKey(setting.key())) {
                properties.put(setting.key(), setting.value());
            } else if (attribute == null) {
                throw new ConfigFileException(setting.line(), shownKey(setting.key()) + " is not a setting of "
                        + definition.getName() + " (" + file.metatypePid() + "); it takes " + String.join(", ", attributes.keySet()));
            } else {
                properties.put(setting.key(), value(setting, attribute));
            }
        }
        return properties;
    }

    private static boolean isFrameworkKey(String key) {
        return Arrays.stream(FRAMEWORK_PREFIXES).anyMatch(key::startsWith);
    }

    private static Object value(Setting setting, AttributeDefinition attribute) throws ConfigFileException {
        if (attribute.getCardinality() == 0) {
            return single(setting, attribute, setting.value());
        }
        String[] parts = setting.value().isEmpty() ? new String[0] : setting.value().split("\\s*,\\s*");
        int limit = Math.abs(attribute.getCardinality());
        if (parts.length > limit) {
            throw new ConfigFileException(setting.line(), "'" + setting.key() + "' takes at most " + limit + " values, found "
                    + parts.length);
        }
        Class<?> type = single(setting, attribute, null).getClass();
        Object values = Array.newInstance(type, parts.length);
        for (int i = 0; i < parts.length; i++) {
            Array.set(values, i, single(setting, attribute, parts[i]));
        }
        return values;
    }

    /** @param text the text to convert, or {@code null} to get a sample of the type only */
    private static Object single(Setting setting, AttributeDefinition attribute, String text) throws ConfigFileException {
        Function<String, Object> convert = switch (attribute.getType()) {
            case AttributeDefinition.INTEGER -> Integer::valueOf;
            case AttributeDefinition.LONG -> Long::valueOf;
            case AttributeDefinition.SHORT -> Short::valueOf;
            case AttributeDefinition.BYTE -> Byte::valueOf;
            case AttributeDefinition.DOUBLE -> Double::valueOf;
            case AttributeDefinition.FLOAT -> Float::valueOf;
            case AttributeDefinition.CHARACTER -> s -> s.isEmpty() ? '\0' : s.charAt(0);
            case AttributeDefinition.BOOLEAN -> SettingsCheck::bool;
            default -> s -> s;
        };
        String sample = attribute.getType() == AttributeDefinition.BOOLEAN ? "false" : "0";
        Object value;
        try {
            value = convert.apply(text == null ? sample : text);
        } catch (IllegalArgumentException e) {
            throw new ConfigFileException(setting.line(), "the value of '" + setting.key() + "' is not "
                    + typeName(attribute.getType()));
        }
        // Then Metatype's own rules: options, bounds.
        String problem = text == null ? null : attribute.validate(text);
        if (problem != null && !problem.isEmpty()) {
            // Metatype's text may quote the value: it is shown only if it does not.
            String why = problem.contains(text) ? "not allowed" : problem;
            throw new ConfigFileException(setting.line(), "the value of '" + setting.key() + "': " + why + allowed(attribute));
        }
        return value;
    }

    /**
     * A key as a message shows it: as written if it looks like a setting's name (a lower-case
     * letter, then letters and dots); otherwise not at all, since what stands at the start of a
     * line may be a password written on a line of its own.
     */
    static String shownKey(String key) {
        return key.matches("[a-z][A-Za-z.]{0,63}") ? "'" + key + "'" : "a key (not shown: it may be a secret)";
    }

    private static String allowed(AttributeDefinition attribute) {
        String[] options = attribute.getOptionValues();
        return options == null || options.length == 0 ? "" : " (one of " + String.join(", ", options) + ")";
    }

    private static Boolean bool(String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.valueOf(text);
        }
        throw new IllegalArgumentException(text);
    }

    private static String typeName(int type) {
        return switch (type) {
            case AttributeDefinition.INTEGER, AttributeDefinition.SHORT, AttributeDefinition.BYTE,
                    AttributeDefinition.LONG -> "a whole number";
            case AttributeDefinition.DOUBLE, AttributeDefinition.FLOAT -> "a number";
            case AttributeDefinition.BOOLEAN -> "true or false";
            default -> "valid";
        };
    }
}
