#include "check/ipvs_policy.hpp"

#include "ipvs/keepalived_wording.hpp"

#include <vector>

namespace vigil::check {

std::size_t run_ipvs_commands(ipvs::IpvsTable& table, std::span<const ipvs::Command> commands,
                              std::vector<std::string>& failures) {
    std::size_t ran = 0;
    std::vector<std::error_code> results;
    while (!commands.empty()) {
        // A batch ends after an edit of a destination: its retry must come before what
        // follows it.
        std::size_t size = 0;
        while (size < commands.size()) {
            ++size;
            if (commands[size - 1].operation == ipvs::Operation::edit_destination) {
                break;
            }
        }
        const auto batch = commands.first(size);
        results.assign(size, std::error_code{});
        table.execute_all(batch, results);
        ran += size;
        for (std::size_t i = 0; i < size; ++i) {
            if (!results[i]) {
                continue;
            }
            const ipvs::Command& command = batch[i];
            if (command.operation == ipvs::Operation::edit_destination && results[i] == std::errc::no_such_file_or_directory) {
                ipvs::Command add = command;
                add.operation = ipvs::Operation::add_destination;
                ++ran;
                if (const std::error_code error = table.execute(add)) {
                    failures.push_back(ipvs::failure_message(add, error));
                }
                continue;
            }
            failures.push_back(ipvs::failure_message(command, results[i]));
        }
        commands = commands.subspan(size);
    }
    return ran;
}

} // namespace vigil::check
