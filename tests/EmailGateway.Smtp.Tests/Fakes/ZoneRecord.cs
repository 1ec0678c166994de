namespace EmailGateway.Smtp.Tests.Fakes;

/// <summary>The record types a test zone can hold, with their DNS type codes.</summary>
public enum ZoneRecordType : ushort
{
    A = 1,
    Cname = 5,
    Ptr = 12,
    Mx = 15,
    Txt = 16,
    Aaaa = 28,
    /// <summary>The SPF record type that RFC 7208 retired: served, but never asked for by a conforming evaluator.</summary>
    Spf = 99,
}

/// <summary>
/// One record of a test zone. <see cref="Target"/> holds an address or a name; <see cref="Strings"/> the character
/// strings of a TXT or SPF record, kept apart because the wire carries them apart.
/// </summary>
public sealed record ZoneRecord(ZoneRecordType Type, string Target, IReadOnlyList<string> Strings, int Preference = 0)
{
    public static ZoneRecord Address(ZoneRecordType type, string address) => new(type, address, Array.Empty<string>());
    public static ZoneRecord Name(ZoneRecordType type, string name) => new(type, name, Array.Empty<string>());
    public static ZoneRecord MailExchanger(int preference, string exchange) => new(ZoneRecordType.Mx, exchange, Array.Empty<string>(), preference);
    public static ZoneRecord Text(ZoneRecordType type, params string[] strings) => new(type, string.Empty, strings);

    /// <summary>The value as the resolver interface reports it: TXT strings joined, names without the root dot.</summary>
    public string Value => Type is ZoneRecordType.Txt or ZoneRecordType.Spf ? string.Concat(Strings) : Target.TrimEnd('.');

    public override string ToString() => Type is ZoneRecordType.Txt or ZoneRecordType.Spf
        ? $"{Type} [{string.Join(", ", Strings.Select(s => "\"" + s + "\""))}]"
        : Type == ZoneRecordType.Mx ? $"MX {Preference} {Target}" : $"{Type} {Target}";
}
