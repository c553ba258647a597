/** The camera as a promise: what `wx.scanCode` read (trimmed), or '' when the member closed the camera. */
export function scanBarcode(): Promise<string> {
  return new Promise((resolve) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['barCode', 'qrCode'],
      success: (res) => resolve(res.result.trim()),
      fail: (err) => {
        if (!/cancel/.test(err.errMsg)) wx.showToast({ title: '没有识别到条码，请重试', icon: 'none' });
        resolve('');
      },
    });
  });
}
