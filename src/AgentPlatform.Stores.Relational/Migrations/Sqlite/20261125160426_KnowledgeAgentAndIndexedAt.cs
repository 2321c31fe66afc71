using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AgentPlatform.Storage.Relational.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class KnowledgeAgentAndIndexedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KnowledgeEntries_TenantId_Status",
                table: "KnowledgeEntries");

            migrationBuilder.AddColumn<string>(
                name: "AgentId",
                table: "KnowledgeEntries",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntries_TenantId_AgentId_CreatedAt",
                table: "KnowledgeEntries",
                columns: new[] { "TenantId", "AgentId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntries_TenantId_Status_IndexedAt",
                table: "KnowledgeEntries",
                columns: new[] { "TenantId", "Status", "IndexedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_KnowledgeEntries_TenantId_AgentId_CreatedAt",
                table: "KnowledgeEntries");

            migrationBuilder.DropIndex(
                name: "IX_KnowledgeEntries_TenantId_Status_IndexedAt",
                table: "KnowledgeEntries");

            migrationBuilder.DropColumn(
                name: "AgentId",
                table: "KnowledgeEntries");

            migrationBuilder.CreateIndex(
                name: "IX_KnowledgeEntries_TenantId_Status",
                table: "KnowledgeEntries",
                columns: new[] { "TenantId", "Status" });
        }
    }
}
