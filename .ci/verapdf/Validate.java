// veraPDF's validation engine, driven from the command line (the jar it ships in has no such
// entry point). Built and wrapped by .ci/verapdf-setup.
//
//   verapdf FLAVOUR FILE [FILE...] [-- FLAVOUR FILE [FILE...]]...
//   verapdf --version     (loads the profiles of PDF/A-2B, PDF/A-3B and PDF/UA-1 first)
//
// FLAVOUR is a veraPDF flavour id: 2b, 3b (PDF/A-2B, PDF/A-3B), ua1 (PDF/UA-1)... Every file is
// validated in this one process, and one line per file is printed on stdout:
//
//   FILE<TAB>flavour<TAB>path<TAB>failed checks<TAB>rules failed
//   RULE<TAB>clause-test<TAB>failed checks<TAB>first failure's message   (once per rule failed)
//
// A file that cannot be parsed prints `ERROR<TAB>flavour<TAB>path<TAB>message`. The exit code
// is 0 when every file was validated (whatever it found), 2 on a usage error.
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;

import org.verapdf.ReleaseDetails;
import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;
import org.verapdf.pdfa.validation.profiles.RuleId;
import org.verapdf.pdfa.validation.validators.ValidatorFactory;

public final class Validate {
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--version")) {
            VeraGreenfieldFoundryProvider.initialise();
            StringBuilder line = new StringBuilder("veraPDF");
            for (ReleaseDetails details : ReleaseDetails.getDetails()) {
                line.append(' ').append(details.getId()).append(' ').append(details.getVersion());
            }
            for (String id : new String[] {"2b", "3b", "ua1"}) {
                line.append("; ").append(ValidatorFactory.createValidator(PDFAFlavour.byFlavourId(id), false)
                        .getProfile().getDetails().getName());
            }
            System.out.println(line);
            return;
        }
        if (args.length < 2) {
            System.err.println("usage: verapdf FLAVOUR FILE [FILE...] [-- FLAVOUR FILE...]...");
            System.exit(2);
        }
        VeraGreenfieldFoundryProvider.initialise();
        PDFAFlavour flavour = null;
        for (String arg : args) {
            if (arg.equals("--")) {
                flavour = null;
            } else if (flavour == null) {
                flavour = PDFAFlavour.byFlavourId(arg);
                if (flavour == PDFAFlavour.NO_FLAVOUR) {
                    System.err.println("verapdf: unknown flavour: " + arg);
                    System.exit(2);
                }
            } else {
                validate(flavour, new File(arg));
            }
        }
        System.out.flush();
    }

    private static void validate(PDFAFlavour flavour, File file) {
        String id = flavour.getId();
        try (PDFAParser parser = Foundries.defaultInstance().createParser(file, flavour)) {
            PDFAValidator validator = ValidatorFactory.createValidator(flavour, false);
            ValidationResult result = validator.validate(parser);
            Map<RuleId, String> messages = new LinkedHashMap<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() == TestAssertion.Status.FAILED) {
                    String message = assertion.getErrorMessage();
                    message = message == null || message.isBlank() ? assertion.getMessage() : message;
                    messages.putIfAbsent(assertion.getRuleId(),
                            oneLine(message) + " at " + where(assertion));
                }
            }
            int total = 0;
            for (int count : result.getFailedChecks().values()) {
                total += count;
            }
            System.out.println("FILE\t" + id + "\t" + file.getPath() + "\t" + total + "\t" + result.getFailedChecks().size());
            for (Map.Entry<RuleId, Integer> failed : result.getFailedChecks().entrySet()) {
                RuleId rule = failed.getKey();
                System.out.println("RULE\t" + rule.getClause() + "-" + rule.getTestNumber() + "\t" + failed.getValue()
                        + "\t" + messages.getOrDefault(rule, ""));
            }
        } catch (Exception | LinkageError e) {
            System.out.println("ERROR\t" + id + "\t" + file.getPath() + "\t" + oneLine(String.valueOf(e)));
        }
    }

    private static String where(TestAssertion assertion) {
        String context = assertion.getLocationContext();
        if ((context == null || context.isBlank()) && assertion.getLocation() != null) {
            context = assertion.getLocation().getContext();
        }
        return oneLine(context);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }
}
