using System.Buffers.Binary;
using System.Net;
using System.Text;
using EmailGateway.Smtp.Tests.Fakes;

namespace EmailGateway.Smtp.Tests.Dns;

/// <summary>
/// The DNS wire format (RFC 1035 section 4) for the loopback servers: zone records as bytes, queries parsed,
/// responses built. Characters up to U+00FF in names and TXT strings stand for the byte of the same value, so a
/// zone can hold the raw, non-UTF-8 octets that SPF must refuse.
/// </summary>
public static class DnsWire
{
    public const int UdpPayloadLimit = 512;
    private const ushort ClassInternet = 1;
    private const ushort ResponseFlag = 0x8000, AuthoritativeFlag = 0x0400, TruncatedFlag = 0x0200, RecursionDesiredFlag = 0x0100;

    public sealed record Query(ushort Id, ushort Flags, byte[] Question, string Name, ushort Type);

    public static byte[] Octets(string text) =>
        text.All(c => c <= 0xFF) ? text.Select(c => (byte)c).ToArray() : Encoding.UTF8.GetBytes(text);

    public static byte[] Name(string name)
    {
        var bytes = new List<byte>();
        var trimmed = name.EndsWith('.') ? name[..^1] : name;
        if (trimmed.Length > 0)
        {
            foreach (var label in trimmed.Split('.'))
            {
                var octets = Octets(label);
                if (octets.Length is 0 or > 63) throw new ArgumentException($"'{name}' cannot be written on the wire (empty or overlong label)", nameof(name));
                bytes.Add((byte)octets.Length);
                bytes.AddRange(octets);
            }
        }
        bytes.Add(0);
        return bytes.ToArray();
    }

    public static byte[] RecordData(ZoneRecord record) => record.Type switch
    {
        ZoneRecordType.A or ZoneRecordType.Aaaa => IPAddress.Parse(record.Target).GetAddressBytes(),
        ZoneRecordType.Mx => [.. UInt16((ushort)record.Preference), .. Name(record.Target)],
        ZoneRecordType.Ptr or ZoneRecordType.Cname => Name(record.Target),
        ZoneRecordType.Txt or ZoneRecordType.Spf => record.Strings.SelectMany(CharacterStrings).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(record)),
    };

    public static byte[] Record(string owner, ZoneRecord record)
    {
        var data = RecordData(record);
        return [.. Name(owner), .. UInt16((ushort)record.Type), .. UInt16(ClassInternet), 0, 0, 0, 0, .. UInt16((ushort)data.Length), .. data];
    }

    /// <summary>A query with one question, or null for anything else.</summary>
    public static Query? ParseQuery(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != 1) return null;
        var labels = new List<string>();
        var at = 12;
        while (at < packet.Length && packet[at] != 0)
        {
            int length = packet[at];
            if (length > 63 || at + 1 + length > packet.Length) return null;
            labels.Add(Encoding.Latin1.GetString(packet.Slice(at + 1, length)));
            at += 1 + length;
        }
        if (at + 5 > packet.Length) return null;
        var end = at + 5;
        return new Query(BinaryPrimitives.ReadUInt16BigEndian(packet), BinaryPrimitives.ReadUInt16BigEndian(packet[2..]),
            packet[12..end].ToArray(), string.Join('.', labels), BinaryPrimitives.ReadUInt16BigEndian(packet[(at + 1)..]));
    }

    /// <summary>An authoritative response; past <paramref name="sizeLimit"/> the answers are dropped and TC set.</summary>
    public static byte[] Response(Query query, int responseCode, IReadOnlyList<byte[]> answers, int? sizeLimit)
    {
        var flags = (ushort)(ResponseFlag | AuthoritativeFlag | (query.Flags & RecursionDesiredFlag) | responseCode);
        var full = Header(query.Id, flags, answers.Count).Concat(query.Question).Concat(answers.SelectMany(a => a)).ToArray();
        if (sizeLimit == null || full.Length <= sizeLimit) return full;
        return [.. Header(query.Id, (ushort)(flags | TruncatedFlag), 0), .. query.Question];
    }

    /// <summary>A one-question query, for readiness probes.</summary>
    public static byte[] QueryPacket(ushort id, string name, ZoneRecordType type) =>
        [.. Header(id, RecursionDesiredFlag, 0, questions: 1), .. Name(name), .. UInt16((ushort)type), .. UInt16(ClassInternet)];

    private static byte[] Header(ushort id, ushort flags, int answers, int questions = 1) =>
        [.. UInt16(id), .. UInt16(flags), .. UInt16((ushort)questions), .. UInt16((ushort)answers), 0, 0, 0, 0];

    private static IEnumerable<byte> CharacterStrings(string text)
    {
        var octets = Octets(text);
        for (var at = 0; at < octets.Length || at == 0; at += 255)
        {
            var length = Math.Min(255, octets.Length - at);
            yield return (byte)length;
            for (var i = 0; i < length; i++) yield return octets[at + i];
            if (octets.Length == 0) yield break;
        }
    }

    private static byte[] UInt16(ushort value) => [(byte)(value >> 8), (byte)value];
}
