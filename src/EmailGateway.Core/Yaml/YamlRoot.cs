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
            catch (YamlException ex)
            {
                throw fail(ex.Start.Line, "not valid YAML: " + Innermost(ex).Message, ex);
            }
            if (stream.Documents.Count == 0) throw fail(1, emptyProblem, null);
            var root = stream.Documents[0].RootNode;
            return root as YamlMappingNode ?? throw fail(root.Start.Line, "expected " + expected, null);
        }

        // YamlDotNet wraps the parser's precise message in outer exceptions.
        private static Exception Innermost(Exception ex) => ex.InnerException is YamlException inner ? Innermost(inner) : ex;
    }
}
