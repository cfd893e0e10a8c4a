using System.IO.Compression;

namespace Warehouse.Etl.Sources.Text;

/// <summary>
/// The decompressed bytes of a .gz file, checked: a file that is not gzip, whose compressed data or
/// CRC-32/length trailer is wrong, or that ends before its last member's trailer (a truncated copy)
/// throws an <see cref="InvalidDataException"/> naming the file and what is wrong. Concatenated
/// members (gzip's multi-member format) are one stream, as gzip reads them.
/// </summary>
/// <remarks>.NET's GZipStream (zlib) checks the CRC-32 and length of every member it reaches the end
/// of, but returns end of stream without a word when the input stops in the middle of a member. So
/// the file is followed, below the GZipStream, by one more small gzip member holding a known marker:
/// zlib decodes the marker only when the file's own last member ended where the file ends; in a
/// truncated file the marker's bytes are read as the rest of the cut member and either fail its
/// checks or do not come out as the marker. The marker is never passed on.</remarks>
internal sealed class CheckedGzipStream : ReadOnlyStream
{
    private static readonly byte[] Marker = "\u0001warehouse: end of the gzip file\u0001"u8.ToArray();
    private static readonly byte[] MarkerMember = Compress(Marker);

    private readonly string _name;
    private readonly FileWithMarker _input;
    private readonly GZipStream _gzip;
    private readonly byte[] _held = new byte[1 << 16];
    private int _heldStart, _heldEnd;
    private bool _ended;

    private CheckedGzipStream(string name, FileStream file)
    {
        _name = name;
        _input = new FileWithMarker(file, MarkerMember);
        _gzip = new GZipStream(_input, CompressionMode.Decompress);
    }

    /// <summary>Opens a .gz file after checking its header (signature, method, a size a gzip
    /// stream can have).</summary>
    public static Stream Open(string path)
    {
        var name = Path.GetFileName(path);
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        try
        {
            Span<byte> header = stackalloc byte[3];
            var n = file.ReadAtLeast(header, 3, throwOnEndOfStream: false);
            if (n < 2 || header[0] != 0x1f || header[1] != 0x8b)
                throw Invalid(name, "it does not start with the gzip signature (1f 8b)");
            if (n < 3 || header[2] != 8)
                throw Invalid(name, n < 3 ? "it ends inside its header (truncated?)" : $"its header names compression method {header[2]}, not deflate (8)");
            if (file.Length < 18)
                throw Invalid(name, $"it is {file.Length} bytes, shorter than any complete gzip stream (18 bytes): it ends before its trailer (truncated?)");
            file.Position = 0;
            return new CheckedGzipStream(name, file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static InvalidDataException Invalid(string name, string what, Exception? inner = null) =>
        new($"'{name}' is not a valid gzip stream: {what}.", inner);

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty) return 0;
        // Hold back as many bytes as the marker has until the end, which must be the marker.
        while (!_ended && _heldEnd - _heldStart <= Marker.Length)
        {
            if (_heldStart > 0)
            {
                _held.AsSpan(_heldStart, _heldEnd - _heldStart).CopyTo(_held);
                _heldEnd -= _heldStart;
                _heldStart = 0;
            }
            int n;
            try
            {
                n = _gzip.Read(_held, _heldEnd, _held.Length - _heldEnd);
            }
            catch (InvalidDataException e)
            {
                throw Invalid(_name, _input.FileEnded
                    ? "it ends before its trailer (truncated?)"
                    : "its compressed data is corrupt (a wrong CRC-32 or length in a trailer, or damaged deflate data)", e);
            }
            if (n == 0)
            {
                _ended = true;
                var tail = _held.AsSpan(_heldStart, _heldEnd - _heldStart);
                if (tail.Length < Marker.Length || !tail[^Marker.Length..].SequenceEqual(Marker))
                    throw Invalid(_name, _input.FileEnded
                        ? "it ends before its trailer (truncated?)"
                        : "bytes that are not gzip follow its last member");
                _heldEnd -= Marker.Length;
                break;
            }
            _heldEnd += n;
        }
        var available = _heldEnd - _heldStart - (_ended ? 0 : Marker.Length);
        if (available <= 0) return 0;
        var take = Math.Min(available, buffer.Length);
        _held.AsSpan(_heldStart, take).CopyTo(buffer);
        _heldStart += take;
        return take;
    }

    private static byte[] Compress(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        return memory.ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>The file's bytes, then the marker member (never in the same read as the file's).</summary>
    private sealed class FileWithMarker(FileStream file, byte[] marker) : ReadOnlyStream
    {
        private int _markerServed;

        /// <summary>True once the decompressor asked for bytes past the file's end.</summary>
        public bool FileEnded { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            if (!FileEnded)
            {
                var n = file.Read(buffer);
                if (n > 0) return n;
                FileEnded = true;
            }
            var take = Math.Min(buffer.Length, marker.Length - _markerServed);
            marker.AsSpan(_markerServed, take).CopyTo(buffer);
            _markerServed += take;
            return take;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) file.Dispose();
            base.Dispose(disposing);
        }
    }
}
