#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/runtime.h"

namespace hotline {
namespace {

struct UserOptions {
  std::string db;
  std::string username;
  std::string password;
  std::string role;
  std::string unit_code;
  std::string display_name;
};

int CreateUser(const UserOptions& o) {
  Config config;
  config.database.path = o.db;
  auto rt = OpenRuntime(config);
  if (!rt) return ReportError(rt.error());
  auto role = ParseRole(o.role);
  if (!role)
    return ReportError(Error{ErrorKind::kInvalidInput, "invalid_value",
                             "角色应为 agent、dispatcher、reviewer、callback、handler、unit_admin、"
                             "supervisor、leader、deputy 或 admin",
                             "role"});
  const Unit* unit = nullptr;
  for (const Unit& u : (*rt)->directory->Units()->All())
    if (u.code == o.unit_code) unit = &u;
  if (unit == nullptr)
    return ReportError(Error{ErrorKind::kBusinessRule, "unknown_unit",
                             "没有代码为 " + o.unit_code + " 的单位", "unit-code"});
  User user;
  user.username = o.username;
  user.display_name = o.display_name.empty() ? o.username : o.display_name;
  user.role = *role;
  user.unit_id = unit->id;
  auto created = (*rt)->auth->CreateUser(user, o.password);
  if (!created) return ReportError(created.error());
  std::cout << "created user " << created->username << " (id " << created->id << ", "
            << RoleCode(created->role) << ", " << unit->name << ")\n";
  return 0;
}

int ResetPassword(const UserOptions& o) {
  Config config;
  config.database.path = o.db;
  auto rt = OpenRuntime(config);
  if (!rt) return ReportError(rt.error());
  if (auto r = (*rt)->auth->ResetPassword(o.username, o.password); !r)
    return ReportError(r.error());
  std::cout << "password reset for " << o.username << "; existing sessions ended\n";
  return 0;
}

}  // namespace

void AddUserCommand(CLI::App& app) {
  auto opts = std::make_shared<UserOptions>();
  CLI::App* cmd = app.add_subcommand("user", "Manage staff accounts");
  cmd->require_subcommand(1);
  CLI::App* create = cmd->add_subcommand("create", "Create a staff account");
  create->add_option("--db", opts->db, "SQLite database file")->required();
  create->add_option("--username", opts->username, "login name")->required();
  create->add_option("--password", opts->password, "initial password (min. 6 characters)")
      ->required();
  create->add_option("--role", opts->role, "role code, e.g. agent, handler, admin")->required();
  create->add_option("--unit-code", opts->unit_code, "code of the user's unit")->required();
  create->add_option("--name", opts->display_name, "display name");
  create->callback([opts] { CommandExitCode() = CreateUser(*opts); });

  CLI::App* reset = cmd->add_subcommand("reset-password", "Set a new password; ends sessions");
  reset->add_option("--db", opts->db, "SQLite database file")->required();
  reset->add_option("--username", opts->username, "login name")->required();
  reset->add_option("--password", opts->password, "new password (min. 6 characters)")->required();
  reset->callback([opts] { CommandExitCode() = ResetPassword(*opts); });
}

}  // namespace hotline
