using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Storage.Relational.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class KnowledgeUniqueTextOfLiveEntries : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KnowledgeEntries_TenantId_ContentHash",
                table: "KnowledgeEntries");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntries_TenantId_ContentHash",
                table: "KnowledgeEntries",
                columns: new[] { "TenantId", "ContentHash" },
                unique: true,
                filter: "\"Status\" <> 'Deleting'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KnowledgeEntries_TenantId_ContentHash",
                table: "KnowledgeEntries");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntries_TenantId_ContentHash",
                table: "KnowledgeEntries",
                columns: new[] { "TenantId", "ContentHash" },
                unique: true);
        }
    }
}
