package dev.agentbank.shared.text;

/**
 * Text that came from outside (a model, a customer, a provider) and is about to be stored or shown: control
 * and format characters can forge lines in a prompt, a log or a terminal, so they are refused or removed.
 */
public final class PlainText {
    private PlainText() {}

    public static boolean hasControlCharacters(String text) {
        return text.codePoints().anyMatch(PlainText::isControl);
    }

    /** The text without control or format characters; null becomes empty. */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        return text.codePoints().filter(cp -> !isControl(cp))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** {@link #printable} cut to {@code max} characters, with an ellipsis when cut. */
    public static String clip(String text, int max) {
        String printable = printable(text);
        return printable.length() > max ? printable.substring(0, max) + "…" : printable;
    }

    /** One line: control and format characters and runs of white space become single spaces; cut like {@link #clip}. */
    public static String oneLine(String text, int max) {
        String flat = (text == null ? "" : text).codePoints().map(cp -> isControl(cp) ? ' ' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString().strip().replaceAll("\\s+", " ");
        return flat.length() > max ? flat.substring(0, max) + "…" : flat;
    }

    private static boolean isControl(int codePoint) {
        return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
    }
}
