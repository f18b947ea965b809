using Wit.Diagnostics;

namespace Wit.Lexing;

/// <summary>
/// Checks the kebab-case rules for WIT identifiers: '-'-separated non-empty parts, each all
/// lowercase or all uppercase ASCII letters and digits, the first part starting with a letter.
/// </summary>
internal static class IdentifierValidator
{
    public static void Validate(string id, int spanStart)
    {
        var span = new TextSpan(spanStart, spanStart + 1);
        if (id.Length == 0)
        {
            throw new WitException("identifiers must have characters between '-'s", span);
        }

        int partIndex = 0;
        int i = 0;
        while (i <= id.Length)
        {
            int end = id.IndexOf('-', i);
            if (end < 0)
            {
                end = id.Length;
            }

            if (end == i)
            {
                throw new WitException("identifiers must have characters between '-'s", span);
            }

            if (partIndex == 0 && !IsAsciiLetter(id[i]))
            {
                throw new WitException($"invalid character in identifier {Lexer.DebugChar(id, i)}", span);
            }

            int upper = 0; // 0 = unknown, 1 = upper, 2 = lower
            for (int j = i; j < end; j++)
            {
                char ch = id[j];
                if (ch >= '0' && ch <= '9')
                {
                    continue;
                }

                int caseOf = ch >= 'A' && ch <= 'Z' ? 1 : ch >= 'a' && ch <= 'z' ? 2 : 0;
                if (caseOf == 0 || (upper != 0 && upper != caseOf))
                {
                    throw new WitException($"invalid character in identifier {Lexer.DebugChar(id, j)}", span);
                }

                upper = caseOf;
            }

            partIndex++;
            i = end + 1;
        }
    }

    private static bool IsAsciiLetter(char ch) => (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
