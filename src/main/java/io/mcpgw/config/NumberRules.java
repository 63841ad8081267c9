package io.mcpgw.config;

import java.math.BigInteger;
import java.util.regex.Pattern;

/** Whole-number settings: decimal digits only, within a range, no overflow. */
final class NumberRules {

    private static final Pattern WHOLE = Pattern.compile("[+-]?[0-9]+");

    private NumberRules() {
    }

    /**
     * @param hint appended to the range message, e.g. {@code " seconds (0 = no expiry)"}; may be empty
     * @throws BadValue when the value is not a whole number or outside {@code min..max}
     */
    static long inRange(String value, long min, long max, String hint) {
        String range = "must be a whole number from " + min + " to " + max + hint;
        if (!WHOLE.matcher(value).matches()) {
            throw new BadValue(range);
        }
        BigInteger number = new BigInteger(value);
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new BadValue(range);
        }
        return number.longValueExact();
    }

    static int intInRange(String value, int min, int max, String hint) {
        return (int) inRange(value, min, max, hint);
    }
}
