#!/bin/sh
# Makes an interpreter (default /usr/bin/python3) able to import torch for the
# PyTorch twin: installs Debian's python3-torch (PyTorch 1.13.1) when it is
# missing and this user may (root with apt-get); otherwise says how.
#   sh bench/pytorch/ensure-torch.sh [python]
python="${1:-/usr/bin/python3}"
if "$python" -c "import torch" >/dev/null 2>&1; then
	"$python" -c "import torch; print('PyTorch', torch.__version__, 'available to $python')"
	exit 0
fi
if [ "$python" = /usr/bin/python3 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing Debian's python3-torch for the PyTorch twin (apt-get install -y python3-torch) ..." >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch >&2 \
		|| { apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y python3-torch >&2; }
	if "$python" -c "import torch" >/dev/null 2>&1; then
		"$python" -c "import torch; print('PyTorch', torch.__version__, 'installed for $python')"
		exit 0
	fi
fi
echo "PyTorch is not available to $python. Install it with: sudo apt-get install -y python3-torch" >&2
echo "(Debian/Ubuntu; PyTorch 1.13.1 for /usr/bin/python3), or pass python=<interpreter with torch> to ./cmems bench." >&2
exit 3
