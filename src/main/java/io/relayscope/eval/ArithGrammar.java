package io.relayscope.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.relayscope.engine.UserFacingException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo task's word-problem grammar ({@code assets/datasets/arith-grammar.json}, docs/arith-grammar.md), read as
 * data and drawn from as {@code training/task.py} does: the steps (start value, additions, subtractions, "k boxes of
 * n"), then the wording from one split's lists. The same lists, not the same problems for a seed: the committed
 * datasets stay the reference. Training-time augmentation (made-up words) is never drawn here.
 */
public final class ArithGrammar {
    /** The lists training used (and arith-dev / arith-test); {@link #HELDOUT} built arith-paraphrase. */
    public static final String TRAIN = "train";
    public static final String HELDOUT = "heldout";
    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

    /**
     * One drawn problem: the question, its final answer, the worked solution the demo models write, and the numbers
     * the question states (start value first, then each step's).
     */
    public record Drawn(String question, int answer, String solution, List<Integer> given) {
        public Problem problem() {
            return new Problem(0, question, Integer.toString(answer));
        }
    }

    private record Equation(int a, char op, int b, int c) {
    }

    private record Action(String kind, int n, int k) {
    }

    private final JsonNode g;

    private ArithGrammar(JsonNode g) {
        this.g = g;
    }

    /** Reads a grammar file; a missing or malformed one is a one-line error naming the file. */
    public static ArithGrammar read(Path file) {
        JsonNode node;
        try {
            node = new ObjectMapper().readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new UserFacingException(file + ": no grammar file; it ships in assets/datasets (reinstall, or give its path)");
        } catch (IOException e) {
            throw new UserFacingException(file + ": not a readable grammar (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (node == null || !"relayscope-arith-grammar".equals(node.path("format").asText())) {
            throw new UserFacingException(file + ": not a RelayScope arithmetic grammar (\"format\" must be \"relayscope-arith-grammar\")");
        }
        for (String key : new String[] {"values", "number_words", "verbs", "clauses", "subjects", "items", "containers",
                "connectors", "asks", "templates"}) {
            if (!node.has(key)) {
                throw new UserFacingException(file + ": the grammar has no \"" + key + "\" (see docs/arith-grammar.md)");
            }
        }
        return new ArithGrammar(node);
    }

    /** One fresh problem worded from the split's lists. */
    public Drawn draw(Random rng, String split) {
        List<Action> actions = new ArrayList<>();
        List<Equation> eqs = new ArrayList<>();
        int start = drawSteps(rng, actions, eqs);
        String question = render(rng, start, actions, split);
        StringBuilder sol = new StringBuilder();
        for (Equation e : eqs) {
            sol.append(e.a()).append(e.op()).append(e.b()).append('=').append(e.c()).append(". ");
        }
        int answer = eqs.get(eqs.size() - 1).c();
        List<Integer> given = new ArrayList<>(List.of(start));
        for (Action a : actions) {
            if (a.kind().equals("boxes")) {
                given.add(a.k());
            }
            given.add(a.n());
        }
        return new Drawn(question, answer, sol.append("Answer: ").append(answer).toString(), List.copyOf(given));
    }

    private int drawSteps(Random rng, List<Action> actions, List<Equation> eqs) {
        JsonNode v = g.get("values");
        int top = v.get("max_value").asInt();
        while (true) {
            actions.clear();
            eqs.clear();
            int target = between(rng, v.get("equations_min").asInt(), v.get("equations_max").asInt());
            int start = between(rng, v.get("start_min").asInt(), v.get("start_max").asInt());
            int cur = start;
            while (eqs.size() < target) {
                int room = target - eqs.size();
                if (room >= 2 && rng.nextDouble() < v.get("boxes_prob").asDouble() && cur + 4 <= top) {
                    int k = between(rng, v.get("factor_min").asInt(), v.get("factor_max").asInt());
                    int n = between(rng, v.get("factor_min").asInt(), v.get("factor_max").asInt());
                    if (cur + k * n > top) {
                        continue;
                    }
                    actions.add(new Action("boxes", n, k));
                    eqs.add(new Equation(k, '*', n, k * n));
                    eqs.add(new Equation(cur, '+', k * n, cur + k * n));
                    cur += k * n;
                } else if (rng.nextDouble() < v.get("add_prob").asDouble() && cur < top) {
                    int b = between(rng, 1, top - cur);
                    actions.add(new Action("add", b, 0));
                    eqs.add(new Equation(cur, '+', b, cur + b));
                    cur += b;
                } else if (cur > 1) {
                    int b = between(rng, 1, cur - 1);
                    actions.add(new Action("sub", b, 0));
                    eqs.add(new Equation(cur, '-', b, cur - b));
                    cur -= b;
                }
            }
            if (eqs.stream().anyMatch(e -> e.c() >= 10)) {
                return start;
            }
        }
    }

    private String render(Random rng, int start, List<Action> actions, String split) {
        JsonNode subj = pick(rng, g.get("subjects").get(split));
        String item = pick(rng, g.get("items").get(split)).asText();
        JsonNode tpl = pick(rng, g.get("templates").get(split));
        String ask = pick(rng, g.get("asks").get(split)).asText();
        JsonNode conn = g.get("connectors").get(split);
        String tense = tpl.get("tense").asText();
        double pWords = g.get("values").get("number_words_prob").asDouble();
        Function<Integer, String> num = x -> rng.nextDouble() < pWords ? numberWords(x) : Integer.toString(x);

        String startText = num.apply(start);
        List<String> clauses = new ArrayList<>();
        for (Action a : actions) {
            if (a.kind().equals("boxes")) {
                String verb = pick(rng, g.get("verbs").get("add")).get(tense).asText();
                String form = pick(rng, g.get("clauses").get("boxes").get(split)).asText();
                String k = num.apply(a.k());
                String container = pick(rng, g.get("containers").get(split)).asText();
                clauses.add(fill(form, slot -> switch (slot) {
                    case "verb" -> verb;
                    case "k" -> k;
                    case "container" -> container;
                    case "n" -> num.apply(a.n());
                    case "item" -> item;
                    default -> null;
                }));
            } else {
                String verb = pick(rng, g.get("verbs").get(a.kind())).get(tense).asText();
                List<JsonNode> forms = new ArrayList<>();
                g.get("clauses").get(a.kind()).forEach(f -> {
                    if (a.n() > 1 || !f.asText().contains("{item}")) {
                        forms.add(f);
                    }
                });
                String form = forms.get(rng.nextInt(forms.size())).asText();
                String n = num.apply(a.n());
                clauses.add(fill(form, slot -> switch (slot) {
                    case "verb" -> verb;
                    case "n" -> n;
                    case "item" -> item;
                    default -> null;
                }));
            }
        }
        String pron = subj.get("pronoun").asText();
        String body = body(rng, tpl.get("body").asText(), clauses, pron, conn);
        String askText = fill(ask, slot -> switch (slot) {
            case "item" -> item;
            case "ref" -> subj.get("ref").asText();
            case "pronoun" -> pron;
            default -> null;
        });
        String name = subj.get("name").asText();
        return fill(tpl.get("text").asText(), slot -> switch (slot) {
            case "Subject" -> cap(name);
            case "subject" -> name;
            case "Pronoun" -> cap(pron);
            case "pronoun" -> pron;
            case "start" -> startText;
            case "item" -> item;
            case "body" -> body;
            case "ask" -> askText;
            default -> null;
        });
    }

    private static String body(Random rng, String kind, List<String> clauses, String pron, JsonNode conn) {
        if (kind.equals("list")) {
            return clauses.size() == 1 ? clauses.get(0)
                    : String.join(", ", clauses.subList(0, clauses.size() - 1)) + " and " + clauses.get(clauses.size() - 1);
        }
        List<String> sentences = new ArrayList<>();
        if (kind.equals("sentences")) {
            int i = 0;
            while (i < clauses.size()) {
                int size = i + 1 < clauses.size() && rng.nextDouble() < 0.5 ? 2 : 1;
                String group = String.join(" and ", clauses.subList(i, i + size));
                sentences.add(i == 0 ? cap(pron) + " " + group + "." : pick(rng, conn.get("then")).asText() + " " + pron + " " + group + ".");
                i += size;
            }
            return String.join(" ", sentences);
        }
        if (clauses.size() == 1) {
            return pick(rng, conn.get("then")).asText() + " " + pron + " " + clauses.get(0) + ".";
        }
        for (int i = 0; i < clauses.size(); i++) {
            String word = pick(rng, conn.get(i == 0 ? "first" : i == clauses.size() - 1 ? "last" : "then")).asText();
            sentences.add(word + " " + pron + " " + clauses.get(i) + ".");
        }
        return String.join(" ", sentences);
    }

    /** 0..99 in words, as the grammar writes them: "seven", "nineteen", "forty", "fifty-six". */
    public String numberWords(int x) {
        JsonNode nw = g.get("number_words");
        if (x < 0 || x > 99) {
            throw new IllegalArgumentException(x + ": only 0..99 have words");
        }
        if (x < 20) {
            return nw.get("ones").get(x).asText();
        }
        String tens = nw.get("tens").get(x / 10).asText();
        return x % 10 == 0 ? tens : tens + nw.get("joiner").asText() + nw.get("ones").get(x % 10).asText();
    }

    private static String fill(String text, Function<String, String> slots) {
        Matcher m = SLOT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = slots.apply(m.group(1));
            if (v == null) {
                throw new IllegalStateException("grammar slot {" + m.group(1) + "} has no value in \"" + text + "\"");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        return m.appendTail(sb).toString();
    }

    private static JsonNode pick(Random rng, JsonNode list) {
        return list.get(rng.nextInt(list.size()));
    }

    private static int between(Random rng, int lo, int hi) {
        return lo + rng.nextInt(hi - lo + 1);
    }

    private static String cap(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
