using System;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EmailGateway.Yaml
{
    /// <summary>
    /// Loads the top-level mapping of a user-written YAML file. Problems go to <c>fail(line, problem, cause)</c>,
    /// so each file kind raises its own exception with the line and a readable reason.
    /// </summary>
    public static class YamlRoot
    {
        /// <param name="emptyProblem">What to say when there is no document ("the file is empty").</param>
        /// <param name="expected">What the top level should be ("a mapping with a 'clusters' list").</param>
        public static YamlMappingNode Load(string? yaml, string emptyProblem, string expected, Func<long, string, Exception?, Exception> fail)
        {
            var stream = new YamlStream();
            try
            {
                stream.Load(new StringReader(yaml ?? string.Empty));
            }
            catch (Exception ex) when (IsSyntaxError(ex))
            {
                var (line, reason) = Locate(yaml ?? string.Empty, ex);
                throw fail(line, "not valid YAML: " + reason, ex);
            }
            if (stream.Documents.Count == 0) throw fail(1, emptyProblem, null);
            var root = stream.Documents[0].RootNode;
            return root as YamlMappingNode ?? throw fail(root.Start.Line, "expected " + expected, null);
        }

        /// <summary>
        /// What YamlDotNet throws for text that is not YAML: a <see cref="YamlException"/> with a position, or, for some
        /// broken flow collections and mappings, an InvalidOperationException or ArgumentException without one.
        /// </summary>
        public static bool IsSyntaxError(Exception ex) => ex is YamlException || ex is InvalidOperationException || ex is ArgumentException;

        /// <summary>The line and reason of a syntax error: YamlDotNet's own when it gives them, else where its parser stopped.</summary>
        public static (long Line, string Reason) Locate(string yaml, Exception error)
        {
            if (error is YamlException positioned) return (positioned.Start.Line, Innermost(positioned).Message);
            var parser = new Parser(new StringReader(yaml));
            long line = 1;
            try
            {
                while (parser.MoveNext())
                    if (parser.Current != null) line = parser.Current.End.Line;
            }
            catch (YamlException ex)
            {
                return (ex.Start.Line, Innermost(ex).Message);
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is ArgumentException)
            {
                // The parser gave up without a position: the last event it read ends where the text stops making sense.
            }
            return (line, "the structure breaks off here (a key, ':', '-', or a bracket or brace of a flow collection is missing or misplaced)");
        }

        // YamlDotNet wraps the parser's precise message in outer exceptions.
        private static Exception Innermost(Exception ex) => ex.InnerException is YamlException inner ? Innermost(inner) : ex;
    }
}
