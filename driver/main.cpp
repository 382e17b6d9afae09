// certreq driver: parses the command line, calls the library, prints.
#include <iostream>

int main(int argc, char** argv) {
    (void)argc;
    (void)argv;
    std::cout << "certreq: the driver is being assembled\n";
    return 0;
}
