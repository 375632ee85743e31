using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace TypedMcp.Generators.Generation;

/// <summary>
/// The generated text, written into fixed chunks of 4,096 characters (8 KB, far below the large object heap) and
/// handed to Roslyn as a <see cref="SourceText"/> over those same chunks: a large client is never one string, never
/// a copy, and a character is found in constant time.
/// </summary>
internal sealed class TextBuffer
{
    private const int Shift = 12;
    private const int ChunkSize = 1 << Shift;
    private const int Mask = ChunkSize - 1;

    // Below this, one ordinary string is simplest for Roslyn (and as cheap).
    private const int SmallText = 40 * 1024;

    private readonly List<char[]> _chunks = new() { new char[ChunkSize] };
    private char[] _current;
    private int _position;

    public TextBuffer() => _current = _chunks[0];

    /// <summary>The number of characters written.</summary>
    public int Length => ((_chunks.Count - 1) << Shift) + _position;

    public TextBuffer Append(char c)
    {
        if (_position == ChunkSize) { NextChunk(); }
        _current[_position++] = c;
        return this;
    }

    public TextBuffer Append(char c, int repeat)
    {
        for (var i = 0; i < repeat; i++) { Append(c); }
        return this;
    }

    public TextBuffer Append(string? text) => text is null ? this : Append(text, 0, text.Length);

    public TextBuffer Append(string text, int start, int count) => Copy(new StringSource(text), start, count);

    public TextBuffer Append(StringBuilder text) => Copy(new BuilderSource(text), 0, text.Length);

    /// <summary>The characters from <paramref name="start"/> to the end, as a string.</summary>
    public string Tail(int start)
    {
        var chars = new char[Length - start];
        new ChunkedText(_chunks, Length).CopyTo(start, chars, 0, chars.Length);
        return new string(chars);
    }

    /// <summary>Drops every character from <paramref name="length"/> on.</summary>
    public void Truncate(int length)
    {
        if (length < 0 || length > Length) { throw new ArgumentOutOfRangeException(nameof(length)); }
        var chunks = Math.Max(1, (length + ChunkSize - 1) >> Shift);
        _chunks.RemoveRange(chunks, _chunks.Count - chunks);
        _current = _chunks[chunks - 1];
        _position = length - ((chunks - 1) << Shift);
    }

    /// <summary>The text for <c>AddSource</c> (UTF-8, like <c>AddSource(string)</c>); the buffer must not be written to afterwards.</summary>
    public SourceText ToSourceText()
    {
        if (Length > SmallText) { return new ChunkedText(_chunks, Length); }
        var chars = new char[Length];
        new ChunkedText(_chunks, Length).CopyTo(0, chars, 0, chars.Length);
        return SourceText.From(new string(chars), Encoding.UTF8);
    }

    // One loop for every kind of source; a struct type argument makes each copy a direct call.
    private TextBuffer Copy<TSource>(TSource text, int start, int count)
        where TSource : struct, ICharSource
    {
        while (count > 0)
        {
            if (_position == ChunkSize) { NextChunk(); }
            var n = Math.Min(count, ChunkSize - _position);
            text.CopyTo(start, _current, _position, n);
            _position += n;
            start += n;
            count -= n;
        }

        return this;
    }

    private void NextChunk()
    {
        _current = new char[ChunkSize];
        _chunks.Add(_current);
        _position = 0;
    }

    private sealed class ChunkedText(List<char[]> chunks, int length) : SourceText
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => length;

        public override char this[int position]
            => (uint)position < (uint)length ? chunks[position >> Shift][position & Mask] : throw new ArgumentOutOfRangeException(nameof(position));

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (sourceIndex < 0 || count < 0 || sourceIndex > length - count) { throw new ArgumentOutOfRangeException(nameof(sourceIndex)); }
            while (count > 0)
            {
                var offset = sourceIndex & Mask;
                var n = Math.Min(count, ChunkSize - offset);
                Array.Copy(chunks[sourceIndex >> Shift], offset, destination, destinationIndex, n);
                sourceIndex += n;
                destinationIndex += n;
                count -= n;
            }
        }
    }

    private interface ICharSource
    {
        void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count);
    }

    private readonly struct StringSource(string text) : ICharSource
    {
        public void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) => text.CopyTo(sourceIndex, destination, destinationIndex, count);
    }

    private readonly struct BuilderSource(StringBuilder text) : ICharSource
    {
        public void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count) => text.CopyTo(sourceIndex, destination, destinationIndex, count);
    }
}
