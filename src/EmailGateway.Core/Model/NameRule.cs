using System;
using System.Linq;
using System.Text.RegularExpressions;

namespace EmailGateway.Model
{
    /// <summary>
    /// What a name given in a file or a parameter may be: a letter or digit, then letters, digits and the
    /// rule's punctuation, up to its length; with checks of its own before the characters are judged. Each
    /// problem is told in the rule's words.
    /// </summary>
    public sealed class NameRule
    {
        private readonly Regex _allowed;
        private readonly string _kind;
        private readonly string _characters;
        private readonly Func<string, string>? _tooLong;
        private readonly Func<string, string?>[] _checks;

        /// <param name="kind">What is named, as in "'x' is not a <paramref name="kind"/> name".</param>
        /// <param name="punctuation">The characters allowed beside letters and digits, after the first.</param>
        /// <param name="characters">The allowed characters in words, as the message gives them.</param>
        /// <param name="tooLong">The problem of a name longer than <paramref name="maxLength"/>; null: it is not a name of the kind.</param>
        /// <param name="checks">Further problems, asked in order before the characters are judged; null when none.</param>
        public NameRule(string kind, string punctuation, string characters, int maxLength, Func<string, string>? tooLong = null, params Func<string, string?>[] checks)
        {
            _allowed = new Regex("^[A-Za-z0-9][A-Za-z0-9" + Regex.Escape(punctuation).Replace("-", @"\-") + "]*$", RegexOptions.CultureInvariant);
            (_kind, _characters, MaxLength, _tooLong, _checks) = (kind, characters, maxLength, tooLong, checks);
        }

        public int MaxLength { get; }

        /// <summary>Why <paramref name="name"/> breaks the rule, or null when it keeps it.</summary>
        public string? Problem(string name)
        {
            if (name.Length > MaxLength) return _tooLong?.Invoke(name) ?? NotAName(name);
            if (_checks.Select(check => check(name)).FirstOrDefault(problem => problem != null) is { } found) return found;
            return _allowed.IsMatch(name) ? null : NotAName(name);
        }

        private string NotAName(string name) => $"'{name}' is not a {_kind} name ({_characters})";
    }
}
