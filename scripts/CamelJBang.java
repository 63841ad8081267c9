/**
 * The {@code camel} command of Camel JBang, as a one-line launcher: camel-jbang-core 4.17.0 ships the command
 * ({@code CamelJBangMain}) but no class with a {@code main()}. Run in Java's source-file mode by camel-jbang.sh.
 */
public final class CamelJBang {
    public static void main(String[] args) {
        org.apache.camel.dsl.jbang.core.commands.CamelJBangMain.run(args);
    }
}
