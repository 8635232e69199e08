#include "drivers/qr/grey.hpp"

#include <stb_image.h>

#include <fstream>
#include <iterator>
#include <limits>
#include <memory>

namespace jiayi::drivers::qr {

Result<GreyImage, std::string> decode_grey(std::span<const std::uint8_t> bytes) {
    if (bytes.empty() || bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return fail(std::string("no image data"));
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    // Grey straight from the decoder: stb_image converts to one channel.
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(
        stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &width, &height,
                              &channels, 1),
        stbi_image_free);
    if (!pixels) {
        return fail(std::string("not an image: ") + stbi_failure_reason());
    }
    GreyImage out;
    out.width = width;
    out.height = height;
    const auto size = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
    out.pixels.assign(pixels.get(), pixels.get() + size);
    return out;
}

Result<GreyImage, std::string> load_grey(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return fail("cannot read " + file.string());
    }
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), {});
    auto image = decode_grey(bytes);
    if (!image) {
        return fail(file.string() + ": " + image.error());
    }
    return image;
}

GreyImage downscale(const GreyView& image, int step) {
    if (step < 1 || image.pixels == nullptr || image.width < step || image.height < step) {
        return {};
    }
    const int stride = image.stride == 0 ? image.width : image.stride;
    GreyImage out;
    out.width = image.width / step;
    out.height = image.height / step;
    out.pixels.resize(static_cast<std::size_t>(out.width) * static_cast<std::size_t>(out.height));
    const int area = step * step;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sum = 0;
            for (int dy = 0; dy < step; ++dy) {
                const std::uint8_t* row =
                    image.pixels + static_cast<std::ptrdiff_t>(y * step + dy) * stride + x * step;
                for (int dx = 0; dx < step; ++dx) {
                    sum += row[dx];
                }
            }
            out.pixels[static_cast<std::size_t>(y * out.width + x)] =
                static_cast<std::uint8_t>(sum / area);
        }
    }
    return out;
}

}  // namespace jiayi::drivers::qr
