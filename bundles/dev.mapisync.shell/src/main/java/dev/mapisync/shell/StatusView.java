package dev.mapisync.shell;

import dev.mapisync.api.Status;
import dev.mapisync.api.host.TaskState;
import dev.mapisync.api.host.TaskStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What {@code mapisync:status} shows with 1,000 stores as well as with two: a summary line
 * counting every task by where it stands, and the rows an {@code --only} standing and a text
 * (matched in id and name) pick.
 *
 * @param only the standing asked for, if any
 * @param text the text asked for, if any, in lower case
 */
record StatusView(Optional<Standing> only, Optional<String> text) {

    static final String USAGE = "usage: mapisync:status [--only running|queued|succeeded|partial|cancelled|failed|never] [text]";

    /** Where a task stands: what it does now, or else how its last run ended (the page's colours). */
    enum Standing {
        RUNNING, QUEUED, SUCCEEDED, PARTIAL, CANCELLED, FAILED, NEVER;

        static Standing of(TaskStatus task) {
            if (task.state() == TaskState.RUNNING) {
                return RUNNING;
            }
            if (task.state() == TaskState.QUEUED) {
                return QUEUED;
            }
            return task.lastRun().map(run -> run.status() == Status.SUCCESS ? SUCCEEDED
                    : run.status() == Status.PARTIAL ? PARTIAL
                    : run.status() == Status.CANCELLED ? CANCELLED : FAILED).orElse(NEVER);
        }

        String label() {
            return this == NEVER ? "never run" : name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws IllegalArgumentException for an unknown option or standing, or a second text, naming it */
    static StatusView parse(String... args) {
        Optional<Standing> only = Optional.empty();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--only")) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException("--only needs a standing; " + USAGE);
                }
                only = Optional.of(standing(args[++i]));
            } else if (arg.startsWith("-")) {
                throw new IllegalArgumentException("unknown option " + arg + "; " + USAGE);
            } else {
                texts.add(arg);
            }
        }
        if (texts.size() > 1) {
            throw new IllegalArgumentException("one text at most, got " + texts + "; " + USAGE);
        }
        return new StatusView(only, texts.stream().findFirst().map(t -> t.toLowerCase(Locale.ROOT)));
    }

    private static Standing standing(String name) {
        for (Standing standing : Standing.values()) {
            if (standing.name().equalsIgnoreCase(name)) {
                return standing;
            }
        }
        throw new IllegalArgumentException("no standing '" + name + "'; " + USAGE);
    }

    /** @return the tasks this view shows, in the host's order */
    List<TaskStatus> pick(List<TaskStatus> tasks) {
        Predicate<TaskStatus> wanted = task -> only.map(s -> s == Standing.of(task)).orElse(true)
                && text.map(t -> task.id().toLowerCase(Locale.ROOT).contains(t)
                        || task.name().toLowerCase(Locale.ROOT).contains(t)).orElse(true);
        return tasks.stream().filter(wanted).toList();
    }

    /** @return for instance "1000 stores, 1 transport: 3 running, 995 succeeded, 2 failed" (standings that count only) */
    static String summary(List<TaskStatus> tasks) {
        long stores = tasks.stream().filter(t -> t.kind() == TaskStatus.Kind.STORE).count();
        long transports = tasks.size() - stores;
        Map<Standing, Integer> counts = new EnumMap<>(Standing.class);
        tasks.forEach(t -> counts.merge(Standing.of(t), 1, Integer::sum));
        StringBuilder line = new StringBuilder().append(stores).append(stores == 1 ? " store, " : " stores, ")
                .append(transports).append(transports == 1 ? " transport" : " transports");
        String separator = ": ";
        for (Map.Entry<Standing, Integer> count : counts.entrySet()) {
            line.append(separator).append(count.getValue()).append(' ').append(count.getKey().label());
            separator = ", ";
        }
        return line.toString();
    }
}
