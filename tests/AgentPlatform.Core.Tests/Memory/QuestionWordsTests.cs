using AgentPlatform.Search;

namespace AgentPlatform.Tests.Memory;

public sealed class QuestionWordsTests
{
    [Theory]
    [InlineData("What career path has Caroline decided to pursue?", "career path Caroline decided to pursue?")]
    [InlineData("When did Melanie paint a sunrise?", "Melanie paint a sunrise?")]
    [InlineData("HOW would Jon's studio DO", "Jon's studio")]
    // Only whole words: "whatever", "showed" and "Howard" keep their letters; "May" the month stays.
    [InlineData("Where did Howard go in May, whatever he showed?", "Howard go in May, whatever he showed?")]
    public void Question_words_go_and_the_rest_stays_as_written(string query, string expected) =>
        Assert.Equal(expected, Normalize(QuestionWords.Remove(query)));

    [Theory]
    [InlineData("What is?")]
    [InlineData("who")]
    [InlineData("   ")]
    public void A_query_of_question_words_alone_is_kept_whole(string query) =>
        Assert.Equal(query, QuestionWords.Remove(query));

    private static string Normalize(string text) => string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
