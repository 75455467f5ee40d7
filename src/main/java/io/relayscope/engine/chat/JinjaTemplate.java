package io.relayscope.engine.chat;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Jinja2 template parsed once and rendered many times in transformers' chat-template environment
 * (ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, loop controls, {% generation %}, raise_exception,
 * strftime_now, tojson as json.dumps(ensure_ascii=False)). Any parse or render problem is a {@link TemplateError}.
 */
public final class JinjaTemplate {
    private final List<JinjaNode> body;

    private JinjaTemplate(List<JinjaNode> body) {
        this.body = body;
    }

    public static JinjaTemplate parse(String source) {
        return new JinjaTemplate(JinjaParser.parse(source));
    }

    /** Renders with the given variables (Java maps, lists, strings, numbers, booleans, null) and the wall clock. */
    public String render(Map<String, ?> variables) {
        return render(variables, LocalDateTime::now);
    }

    /** Renders with a clock for strftime_now (tests pin it). */
    public String render(Map<String, ?> variables, Supplier<LocalDateTime> clock) {
        JinjaBuiltins builtins = new JinjaBuiltins(clock);
        JinjaInterpreter interpreter = new JinjaInterpreter(builtins);
        builtins.bind(interpreter);
        JinjaInterpreter.Scope globals = new JinjaInterpreter.Scope(null);
        globals.vars.putAll(builtins.globals());
        variables.forEach((k, v) -> globals.vars.put(k, PyValues.fromJava(v)));
        return interpreter.render(body, new JinjaInterpreter.Scope(globals));
    }
}
