using System.Buffers.Binary;
using System.Text;

namespace EmailGateway.Appliance.Sftp;

/// <summary>Reads the fields of one SFTP request (draft-ietf-secsh-filexfer-02, version 3).</summary>
internal sealed class SftpReader
{
    private readonly byte[] _data;
    private int _position;

    public SftpReader(byte[] data) => _data = data;

    public byte ReadByte() => _data[_position++];

    public uint ReadUInt32()
    {
        var value = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(_position, 4));
        _position += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        var value = BinaryPrimitives.ReadUInt64BigEndian(_data.AsSpan(_position, 8));
        _position += 8;
        return value;
    }

    public byte[] ReadBytes()
    {
        var length = checked((int)ReadUInt32());
        var value = _data.AsSpan(_position, length).ToArray();
        _position += length;
        return value;
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBytes());
}

/// <summary>Builds one SFTP reply.</summary>
internal sealed class SftpWriter
{
    private readonly MemoryStream _body = new();

    public SftpWriter(byte type, uint? id = null)
    {
        _body.WriteByte(type);
        if (id is uint requestId) UInt32(requestId);
    }

    public SftpWriter UInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        _body.Write(bytes);
        return this;
    }

    public SftpWriter UInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        _body.Write(bytes);
        return this;
    }

    public SftpWriter Bytes(ReadOnlySpan<byte> value)
    {
        UInt32((uint)value.Length);
        _body.Write(value);
        return this;
    }

    public SftpWriter String(string value) => Bytes(Encoding.UTF8.GetBytes(value));

    public void WriteTo(Stream output)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)_body.Length);
        output.Write(length);
        output.Write(_body.GetBuffer(), 0, (int)_body.Length);
    }
}
