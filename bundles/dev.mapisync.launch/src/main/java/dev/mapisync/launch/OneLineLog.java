package dev.mapisync.launch;

import java.io.PrintStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.osgi.framework.Bundle;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/**
 * The OSGi Log Service's {@link LoggerFactory} for the runnable host, so that what SCR and
 * other bundles log is one line each: the message and the root cause's message; the stack
 * trace only at level {@code debug} (framework property {@value #LEVEL}). Without it SCR
 * prints each failure with its whole stack trace (60 lines for an account refused at
 * activation). Felix Log would do the factory's part, but it keeps a logger for every bundle
 * that ever logged (see cnf/runtime.bnd), so this small one stands in.
 */
final class OneLineLog implements LoggerFactory {

    static final String LEVEL = "mapisync.log.level";
    private static final String[] LEVELS = {"error", "warn", "info", "debug", "trace"};

    private final int threshold;
    private final PrintStream out;

    OneLineLog(String level, PrintStream out) {
        int index = java.util.Arrays.asList(LEVELS).indexOf(level == null ? "" : level.trim().toLowerCase(Locale.ROOT));
        this.threshold = index < 0 ? 1 : index;
        this.out = out;
    }

    @Override
    public Logger getLogger(String name) {
        return getLogger(null, name, Logger.class);
    }

    @Override
    public Logger getLogger(Class<?> type) {
        return getLogger(null, type.getName(), Logger.class);
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        return getLogger(null, name, loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> type, Class<L> loggerType) {
        return getLogger(null, type.getName(), loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        String source = bundle == null ? name : bundle.getSymbolicName();
        InvocationHandler handler = (proxy, method, args) -> call(source, name, method, args);
        return loggerType.cast(Proxy.newProxyInstance(OneLineLog.class.getClassLoader(), new Class<?>[] {loggerType},
                handler));
    }

    /** A Logger method: a level's enabled check, a message at a level, or getName. */
    private Object call(String source, String name, Method method, Object[] args) {
        String called = method.getName();
        if (called.equals("getName")) {
            return name;
        }
        if (method.getDeclaringClass() == Object.class) {
            return called.equals("toString") ? "one-line logger " + name : called.equals("hashCode")
                    ? System.identityHashCode(this) : Boolean.FALSE;
        }
        boolean check = called.startsWith("is") && called.endsWith("Enabled");
        String level = check ? called.substring(2, called.length() - "Enabled".length()).toLowerCase(Locale.ROOT) : called;
        int index = java.util.Arrays.asList(LEVELS).indexOf(level.equals("audit") ? "error" : level);
        boolean enabled = index >= 0 && index <= threshold;
        if (check) {
            return enabled;
        }
        if (enabled && args != null && args.length > 0 && args[0] instanceof String message) {
            write(level, source, message, method.isVarArgs() ? flat(args) : args);
        }
        return null;
    }

    /** @return the arguments of a varargs call as one array: the message, then each argument */
    private static Object[] flat(Object[] args) {
        Object[] rest = args[args.length - 1] instanceof Object[] many ? many : new Object[] {args[args.length - 1]};
        Object[] all = new Object[args.length - 1 + rest.length];
        System.arraycopy(args, 0, all, 0, args.length - 1);
        System.arraycopy(rest, 0, all, args.length - 1, rest.length);
        return all;
    }

    private void write(String level, String source, String message, Object[] args) {
        Throwable failure = args[args.length - 1] instanceof Throwable t ? t : null;
        StringBuilder line = new StringBuilder(level.toUpperCase(Locale.ROOT)).append(" [").append(source).append("] ");
        int next = 1;
        int last = failure != null ? args.length - 1 : args.length;
        for (int i = 0; i < message.length(); i++) {
            if (message.startsWith("{}", i) && next < last) {
                line.append(args[next++]);
                i++;
            } else {
                line.append(message.charAt(i));
            }
        }
        if (failure != null) {
            line.append(": ").append(rootMessage(failure));
        }
        synchronized (out) {
            out.println(line);
            if (failure != null && threshold >= 3) {
                failure.printStackTrace(out);
            }
        }
    }

    /** @return what the deepest cause says, in one line */
    static String rootMessage(Throwable failure) {
        Throwable root = failure;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
            root = root.getCause();
        }
        String text = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
